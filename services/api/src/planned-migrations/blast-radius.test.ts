import { type BlastRadius, type BlastRadiusItem, compareBlastRadii, mergeBlastRadii } from './blast-radius';

/** The comparison of a blast radius as planned with now, without a database. */
const item = (id: string, ownerIds: string[], production = false, depth = 1): BlastRadiusItem => ({
  id,
  kind: production ? 'Deployment' : 'Run',
  name: id,
  environment: production ? 'PROD' : null,
  production,
  depth,
  why: [id, 'dataset:a/b@1'],
  ownerIds,
});
const radius = (...items: BlastRadiusItem[]): BlastRadius =>
  mergeBlastRadii([{ total: 0, items, owners: [], truncated: false }]);

describe('comparing a blast radius as planned with now', () => {
  it('lists consumers that appeared and vanished since planning', () => {
    const planned = radius(item('run:kept', ['user:a']), item('run:gone', ['user:b']));
    const now = radius(item('run:kept', ['user:a']), item('run:new', ['user:c']));
    const change = compareBlastRadii(planned, now, new Map());
    expect(change.newConsumers.map((i) => i.id)).toEqual(['run:new']);
    expect(change.vanishedConsumers.map((i) => i.id)).toEqual(['run:gone']);
  });

  it('keeps a production deployment at risk while any of its owners has not acknowledged or is not ready', () => {
    const now = radius(
      item('deployment:a/cleared', ['team:x', 'user:y'], true),
      item('deployment:a/objected', ['team:x', 'user:z'], true),
      item('deployment:a/unowned', [], true),
      item('deployment:a/staging', ['user:w']),
    );
    const states = new Map([
      ['team:x', 'READY'],
      ['user:y', 'ACKNOWLEDGED'],
      ['user:z', 'OBJECTED'],
    ]);
    const atRisk = compareBlastRadii(now, now, states).productionDeploymentsAtRisk;
    expect(atRisk.map((risk) => [risk.deployment.id, risk.reason])).toEqual([
      ['deployment:a/objected', 'user:z objected'],
      ['deployment:a/unowned', 'it has no owner to acknowledge'],
    ]);
  });

  it('merges the radii of several columns, each item once at its nearest, with its owners', () => {
    const merged = mergeBlastRadii(
      [radius(item('run:r', ['user:a'], false, 3))],
      [item('run:r', ['user:a'], false, 1)],
    );
    expect(merged.items.map((i) => [i.id, i.depth])).toEqual([['run:r', 1]]);
    expect(merged.owners).toEqual([{ ownerId: 'user:a', owns: ['run:r'] }]);
    expect(merged.total).toBe(1);
  });
});
