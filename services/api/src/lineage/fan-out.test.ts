import { type FoldableNode, foldFanOuts, groupId } from './fan-out';

const node = (id: string, kind: string, depth: number): FoldableNode => ({ id, kind, depth, direction: 'DOWNSTREAM' });
const range = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A dataset version `dv` used by `runs` runs, all of which also use a feature set version `fv`. */
function fan(runs: number) {
  const ids = range(runs, 'run:');
  return {
    nodes: [node('fv', 'FeatureSetVersion', 2), ...ids.map((id) => node(id, 'Run', 1))],
    edges: ids.flatMap((id) => [
      { from: id, to: 'dv' },
      { from: id, to: 'fv' },
    ]),
  };
}

test('a fan-out wider than the limit folds into one group, anchored where it starts', () => {
  const { nodes, edges } = fan(13);
  const { groups, groupOf } = foldFanOuts('dv', nodes, edges, new Set(), 12);
  expect(groups).toEqual([
    {
      id: groupId('dv', 'in', 'Run'),
      kind: 'Run',
      anchor: 'dv',
      depth: 1,
      direction: 'DOWNSTREAM',
      members: range(13, 'run:'),
    },
  ]);
  expect(groupOf.size).toBe(13);
  expect(groupOf.has('fv')).toBe(false);
});

test('a fan-out at the limit stays as it is', () => {
  const { nodes, edges } = fan(12);
  expect(foldFanOuts('dv', nodes, edges, new Set(), 12).groups).toEqual([]);
});

test('an expanded group answers its members, and no other anchor folds them again', () => {
  const { nodes, edges } = fan(13);
  const { groups, groupOf } = foldFanOuts('dv', nodes, edges, new Set([groupId('dv', 'in', 'Run')]), 12);
  expect(groups).toEqual([]);
  expect(groupOf.size).toBe(0);
});

test('a group anchors what hangs off its members: runs → their models → deployments fold behind it', () => {
  const runs = range(30, 'run:');
  const models = range(30, 'model:');
  const deployments = range(15, 'deployment:');
  const nodes = [
    ...runs.map((id) => node(id, 'Run', 1)),
    ...models.map((id) => node(id, 'ModelVersion', 2)),
    ...deployments.map((id) => node(id, 'Deployment', 3)),
  ];
  const edges = [
    ...runs.map((id) => ({ from: id, to: 'dv' })),
    ...models.map((id, i) => ({ from: id, to: runs[i] })),
    ...deployments.map((id, i) => ({ from: id, to: models[i * 2] })),
  ];
  const { groups, groupOf } = foldFanOuts('dv', nodes, edges, new Set(), 12);
  const runGroup = groupId('dv', 'in', 'Run');
  const modelGroup = groupId(runGroup, 'in', 'ModelVersion');
  expect(groups.map(({ id, anchor, depth }) => ({ id, anchor, depth }))).toEqual([
    { id: runGroup, anchor: 'dv', depth: 1 },
    { id: modelGroup, anchor: runGroup, depth: 2 },
    { id: groupId(modelGroup, 'in', 'Deployment'), anchor: modelGroup, depth: 3 },
  ]);
  expect(groupOf.size).toBe(nodes.length);

  // Unfolding the runs leaves each run with its one model: nothing else folds.
  expect(foldFanOuts('dv', nodes, edges, new Set([runGroup]), 12).groups).toEqual([]);
});

test('the root and the nodes nearer it are never folded into a group further out', () => {
  const leaves = range(13, 'leaf:');
  const nodes = [node('hub', 'DatasetVersion', 1), ...leaves.map((id) => node(id, 'Run', 2))];
  // Every leaf also points back at the root: the root stays out of every group.
  const edges = [{ from: 'hub', to: 'root' }, ...leaves.flatMap((id) => [{ from: id, to: 'hub' }])];
  const { groups } = foldFanOuts('root', nodes, edges, new Set(), 12);
  expect(groups.map((group) => group.anchor)).toEqual(['hub']);
  expect(groups[0].members).not.toContain('root');
});
