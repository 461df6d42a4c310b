import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';

const DATASET = 'dataset:churn/transactions';

async function registerVersion(harness: Harness, version: string) {
  await harness.ok(`mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`, {
    i: { datasetId: DATASET, version, digest: digestOf(`transactions ${version}`) },
  });
}

async function restrictedFlags(harness: Harness) {
  const { dataset } = await harness.ok(
    `query($id: ID!) { dataset(id: $id) { restricted versions { id restricted } } }`,
    {
      id: DATASET,
    },
  );
  return dataset as { restricted: boolean; versions: { id: string; restricted: boolean }[] };
}

describe('restricted assets (auth off)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    await seedChurnProject(harness);
    await registerVersion(harness, '1');
  });
  afterAll(() => harness.close());

  it('marks a dataset restricted and copies the flag onto its versions; new versions are born restricted', async () => {
    expect(await restrictedFlags(harness)).toEqual({
      restricted: false,
      versions: [{ id: `${DATASET}@1`, restricted: false }],
    });
    await harness.ok(`mutation { setRestricted(entityId: "${DATASET}", restricted: true) { id } }`);
    await registerVersion(harness, '2');
    const flags = await restrictedFlags(harness);
    expect(flags.restricted).toBe(true);
    expect(flags.versions.map((v) => v.restricted)).toEqual([true, true]);

    await harness.ok(`mutation { setRestricted(entityId: "${DATASET}", restricted: false) { id } }`);
    const lifted = await restrictedFlags(harness);
    expect([lifted.restricted, ...lifted.versions.map((v) => v.restricted)]).toEqual([false, false, false]);
  });

  it('audits the flag with before and after', async () => {
    const { auditTrail } = await harness.ok(`{ auditTrail(entityId: "${DATASET}") { action before after } }`);
    const events = auditTrail.filter((e: { action: string }) => e.action === 'entity.restricted-set');
    expect(events.map((e: { before: string; after: string }) => [JSON.parse(e.before), JSON.parse(e.after)])).toEqual([
      [{ restricted: true }, { restricted: false }],
      [{ restricted: false }, { restricted: true }],
    ]);
  });

  it('grants and revokes read access; a grant on a dataset shows as a reader of its versions', async () => {
    await harness.ok(`mutation { grantReadAccess(entityId: "${DATASET}", memberId: "user:alice") { id } }`);
    const query = `query($id: ID!) { dataset(id: $id) { readers { ... on User { id } ... on Team { id } } versions { readers { ... on User { id } } } } }`;
    const granted = await harness.ok(query, { id: DATASET });
    expect(granted.dataset.readers).toEqual([{ id: 'user:alice' }]);
    expect(granted.dataset.versions[0].readers).toEqual([{ id: 'user:alice' }]);

    await harness.ok(`mutation { revokeReadAccess(entityId: "${DATASET}", memberId: "user:alice") { id } }`);
    const revoked = await harness.ok(query, { id: DATASET });
    expect(revoked.dataset.readers).toEqual([]);
    const { auditTrail } = await harness.ok(`{ auditTrail(first: 2) { action entityId after } }`);
    expect(auditTrail).toEqual([
      { action: 'read-access.revoked', entityId: DATASET, after: JSON.stringify({ memberId: 'user:alice' }) },
      { action: 'read-access.granted', entityId: DATASET, after: JSON.stringify({ memberId: 'user:alice' }) },
    ]);
  });
});

describe('restricted assets (auth on): MAINTAINER marks and grants, an EDITOR may not', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ auth: 'on' });
  });
  afterAll(() => harness.close());

  it('refuses an editor, allows a maintainer', async () => {
    const admin = callerWith(harness, await localAdminSecret(harness));
    const ok = okWith(admin);
    await ok(`mutation {
      createProject(input: { slug: "churn", name: "Churn" }) { id }
      createTeam(input: { slug: "risk-data", name: "Risk data" }) { id }
    }`);
    await ok(
      `mutation { registerDataset(input: { projectId: "project:churn", slug: "transactions", name: "T" }) { id } }`,
    );
    const editor = callerWith(harness, await userWithToken(admin, 'ed'));
    const maintainer = callerWith(harness, await userWithToken(admin, 'mia'));
    await ok(`mutation {
      a: grantProjectRole(projectId: "project:churn", memberId: "user:ed", role: EDITOR) { role }
      b: grantProjectRole(projectId: "project:churn", memberId: "user:mia", role: MAINTAINER) { role }
    }`);

    const refused = await editor(`mutation { setRestricted(entityId: "${DATASET}", restricted: true) { id } }`);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('MAINTAINER');

    await okWith(maintainer)(`mutation {
      setRestricted(entityId: "${DATASET}", restricted: true) { id }
      grantReadAccess(entityId: "${DATASET}", memberId: "team:risk-data") { id }
    }`);
    const { dataset } = await ok(`{ dataset(id: "${DATASET}") { restricted readers { ... on Team { id } } } }`);
    expect(dataset).toEqual({ restricted: true, readers: [{ id: 'team:risk-data' }] });
  });
});
