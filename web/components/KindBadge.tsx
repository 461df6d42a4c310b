import { kindStyle } from '../lib/kinds';

export function KindBadge({ kind }: { kind: string }) {
  const style = kindStyle(kind);
  return (
    <span className="kind-badge" style={{ borderColor: style.colour, color: style.colour }}>
      {style.label}
    </span>
  );
}
