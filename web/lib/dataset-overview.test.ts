import { consumersByTeam, type DataVersionEntry, neighbourDatasets } from './dataset-overview';

const entry = (depth: number, id: string, parent: { id: string; name: string }, kind = 'DatasetVersion') =>
  ({
    depth,
    node: { id, kind, version: '1', ...(kind === 'DatasetVersion' ? { dataset: parent } : { featureSet: parent }) },
  }) as DataVersionEntry;

test("the data versions reached are grouped by their dataset, the dataset's own versions and unreadable ones left out", () => {
  const own = { id: 'dataset:p/orders', name: 'orders' };
  const raw = { id: 'dataset:p/raw', name: 'raw' };
  const feats = { id: 'featureset:p/feats', name: 'feats' };
  const { datasets, hidden } = neighbourDatasets(
    [
      entry(1, 'dataset:p/orders@2', own),
      entry(4, 'dataset:p/raw@1', raw),
      entry(2, 'dataset:p/raw@2', raw),
      entry(3, 'featureset:p/feats@1', feats, 'FeatureSetVersion'),
      { depth: 2, node: { id: 'restricted:1', kind: 'RestrictedNode' } },
    ],
    own.id,
  );
  expect(datasets).toEqual([
    { id: raw.id, name: 'raw', kind: 'Dataset', steps: 1, versionIds: ['dataset:p/raw@1', 'dataset:p/raw@2'] },
    { id: feats.id, name: 'feats', kind: 'FeatureSet', steps: 2, versionIds: ['featureset:p/feats@1'] },
  ]);
  expect(hidden).toBe(1);
});

test('consumers are teams first, then people, each ordered by how much downstream they own', () => {
  const { teams, people } = consumersByTeam({
    total: 3,
    ownersToNotify: [
      { owner: { id: 'team:b', name: 'B' }, owns: ['model:p/m@1'] },
      { owner: { id: 'user:ann', name: 'Ann' }, owns: ['run:1'] },
      { owner: { id: 'team:a', name: 'A' }, owns: ['model:p/m@1', 'deployment:p/d'] },
    ],
    affected: [{ node: { id: 'model:p/m@1', kind: 'ModelVersion', version: '1', model: { name: 'M' } } }],
  });
  expect(teams.map((team) => [team.id, team.owns.length])).toEqual([
    ['team:a', 2],
    ['team:b', 1],
  ]);
  expect(teams[0].owns).toEqual([
    { id: 'model:p/m@1', node: expect.objectContaining({ kind: 'ModelVersion' }) },
    { id: 'deployment:p/d', node: null },
  ]);
  expect(people.map((person) => person.id)).toEqual(['user:ann']);
});
