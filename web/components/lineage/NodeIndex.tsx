import { memo, useMemo } from 'react';
import { kindStyle } from '../../lib/kinds';
import type { GraphModel } from '../../lib/lineage/graph-model';

const LISTED = 200;

/**
 * The graph's nodes as a list of buttons: the keyboard's way into the canvas. Memoised: selecting a
 * node changes neither the graph nor the callback, so the list is not rendered again.
 */
export const NodeIndex = memo(function NodeIndex({
  model,
  onSelect,
}: {
  model: GraphModel;
  onSelect: (id: string) => void;
}) {
  // Sorting thousands of labels on every click made selection feel slow: only when the graph changes.
  const nodes = useMemo(
    () => [...model.nodes].sort((a, b) => a.depth - b.depth || a.label.localeCompare(b.label)).slice(0, LISTED),
    [model],
  );
  return (
    <details className="panel">
      <summary>All nodes in view ({model.nodes.length})</summary>
      <ul className="plain">
        {nodes.map((node) => (
          <li key={node.id}>
            <button type="button" onClick={() => onSelect(node.id)}>
              {node.label}
            </button>{' '}
            <span className="subtitle">{kindStyle(node.kind).label}</span>
          </li>
        ))}
      </ul>
      {model.nodes.length > LISTED && <p className="subtitle">The nearest {LISTED} are listed.</p>}
    </details>
  );
});
