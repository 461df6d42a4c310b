import { collapseFanOuts, groupId } from './fan-out';
import type { GraphModel, GraphNode } from './graph-model';

const node = (id: string, kind: string, depth: number, side: GraphNode['side'] = 'downstream'): GraphNode => ({
  id,
  kind,
  label: id,
  depth,
  side,
});

/** A dataset version used by `runs` runs, all of which also use a feature set version. */
function fan(runs: number): GraphModel {
  const ids = Array.from({ length: runs }, (_, i) => `run:${i}`);
  return {
    nodes: [
      node('dv', 'DatasetVersion', 0, 'centre'),
      node('fv', 'FeatureSetVersion', 2),
      ...ids.map((id) => node(id, 'Run', 1)),
    ],
    edges: ids.flatMap((id) => [
      { id: `${id}-dv`, source: id, target: 'dv', label: 'USED' },
      { id: `${id}-fv`, source: id, target: 'fv', label: 'USED' },
    ]),
  };
}

test('a fan-out wider than the limit folds into one group node with its edges moved to it', () => {
  const folded = collapseFanOuts(fan(13), new Set(), 12);
  const group = folded.nodes.find((n) => n.count);
  expect(group).toMatchObject({ id: groupId('dv', 'in', 'Run'), label: '13 runs', kind: 'Run', count: 13 });
  expect(folded.nodes.map((n) => n.id).sort()).toEqual(['dv', 'fv', group!.id].sort());
  expect(folded.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual([`${group!.id}->dv`, `${group!.id}->fv`]);
});

test('a fan-out at the limit stays as it is', () => {
  const model = fan(12);
  expect(collapseFanOuts(model, new Set(), 12)).toBe(model);
});

test('an expanded group shows its members, and no other anchor folds them again', () => {
  const expanded = collapseFanOuts(fan(13), new Set([groupId('dv', 'in', 'Run')]), 12);
  expect(expanded.nodes.filter((n) => n.count)).toEqual([]);
  expect(expanded.nodes).toHaveLength(15);
});
