import { kindStyle, LINEAGE_KINDS } from '../../lib/kinds';

const SHAPE_GLYPH: Record<string, string> = {
  'round-rectangle': '▢',
  hexagon: '⬡',
  ellipse: '●',
  diamond: '◆',
  triangle: '▲',
  rectangle: '■',
};

/** Colour and shape of each kind, and how to read the edges. */
export function Legend({ plain }: { plain: boolean }) {
  const kinds = plain ? LINEAGE_KINDS.filter((kind) => kind !== 'Run' && kind !== 'Artifact') : LINEAGE_KINDS;
  return (
    <div className="legend" aria-label="Legend">
      {kinds.map((kind) => {
        const style = kindStyle(kind);
        return (
          <span key={kind}>
            <span aria-hidden="true" style={{ color: style.colour }}>
              {SHAPE_GLYPH[style.shape] ?? '■'}
            </span>{' '}
            {style.label}
          </span>
        );
      })}
      <span>▭ dashed border: a group, click to expand</span>
      <span>
        <span aria-hidden="true" style={{ color: kindStyle('RestrictedNode').colour }}>
          ▢
        </span>{' '}
        🔒 grey: something you may not read (it still counts)
      </span>
      <span>Arrows point to what a node depends on; upstream is on the left.</span>
    </div>
  );
}
