import { callerWith, localAdminSecret, okWith } from '../test-support/auth';
import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';

/**
 * One command costs a fixed number of database round trips, whatever it carries: startRun with 3
 * inputs, 10 params and 5 tags is a plan (one read of everything it names, the project, the
 * template), one write, and its audit event — counted by instrumenting the real driver.
 */
const START = `mutation($input: StartRunInput!) { startRun(input: $input) { id } }`;

const inputOf = (n: number) => ({
  experimentId: 'experiment:churn/xgb',
  name: `counted-${n}`,
  ownerId: 'user:alice',
  params: Array.from({ length: 10 }, (_, i) => ({ key: `p${i}`, value: String(i * n) })),
  tags: Array.from({ length: 5 }, (_, i) => ({ key: `t${i}`, value: `v${i}` })),
  inputs: [1, 2, 3].map((v) => ({ versionId: `dataset:churn/transactions@${v}`, role: 'training' })),
});

async function seed(harness: Harness) {
  await seedChurnProject(harness);
  for (const v of [1, 2, 3]) {
    await harness.ok(
      `mutation($v: String!, $d: String!) { registerDatasetVersion(input: { datasetId: "dataset:churn/transactions", version: $v, digest: $d }) { id } }`,
      { v: String(v), d: digestOf(`tx${v}`) },
    );
  }
}

describe('round trips of one command', () => {
  it('startRun with 3 inputs, 10 params and 5 tags costs at most 3, and writes all of it', async () => {
    const harness = await startHarness();
    try {
      await seed(harness);
      harness.roundTrips.reset();
      const { startRun } = await harness.ok(START, { input: inputOf(1) });
      const roundTrips = harness.roundTrips.count;
      console.log(`round trips for startRun with 3 inputs, 10 params, 5 tags: ${roundTrips}`);
      expect(roundTrips).toBeLessThanOrEqual(3);
      const { run } = await harness.ok(
        `query($id: ID!) { run(id: $id) { params { key } tags { key } inputs { role } owner { ... on User { id } } } }`,
        { id: startRun.id },
      );
      expect([run.params.length, run.tags.length, run.inputs.length, run.owner.id]).toEqual([10, 5, 3, 'user:alice']);
      const { auditTrail } = await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, {
        id: startRun.id,
      });
      expect(auditTrail).toEqual([{ action: 'run.started' }]);
    } finally {
      await harness.close();
    }
  });

  it('costs the same with access control on: the plan already knows the project the role is checked in', async () => {
    const harness = await startHarness({ auth: 'on' });
    try {
      const admin = okWith(callerWith(harness, await localAdminSecret(harness)));
      await admin(`mutation { createProject(input: { slug: "churn", name: "Customer churn" }) { id } }`);
      await admin(`mutation { createUser(input: { handle: "alice", name: "Alice" }) { id } }`);
      await admin(
        `mutation { createExperiment(input: { projectId: "project:churn", slug: "xgb", name: "XGBoost" }) { id } registerDataset(input: { projectId: "project:churn", slug: "transactions", name: "Transactions" }) { id } }`,
      );
      for (const v of [1, 2, 3]) {
        await admin(
          `mutation($v: String!, $d: String!) { registerDatasetVersion(input: { datasetId: "dataset:churn/transactions", version: $v, digest: $d }) { id } }`,
          { v: String(v), d: digestOf(`tx${v}`) },
        );
      }
      await admin(START, { input: inputOf(0) }); // the token's first use is touched once a minute
      harness.roundTrips.reset();
      await admin(START, { input: inputOf(2) });
      // Authentication reads the token's principal once per request; the command itself stays at 3.
      const roundTrips = harness.roundTrips.count;
      console.log(`round trips for the same startRun with a token (authentication included): ${roundTrips}`);
      expect(roundTrips).toBeLessThanOrEqual(4);
    } finally {
      await harness.close();
    }
  });

  it('registering an asset costs 3: one read of its project, owners, id and template, the write, its audit event', async () => {
    const harness = await startHarness();
    try {
      await seedChurnProject(harness);
      harness.roundTrips.reset();
      await harness.ok(
        `mutation { registerDataset(input: { projectId: "project:churn", slug: "counted", name: "Counted", ownerIds: ["user:alice"] }) { id } }`,
      );
      const roundTrips = harness.roundTrips.count;
      console.log(`round trips for registerDataset with an owner: ${roundTrips}`);
      expect(roundTrips).toBeLessThanOrEqual(3);
      // The same read still refuses what is taken and what is missing.
      await expect(
        harness.ok(
          `mutation { registerDataset(input: { projectId: "project:churn", slug: "counted", name: "Again" }) { id } }`,
        ),
      ).rejects.toThrow(/already exists/);
      await expect(
        harness.ok(
          `mutation { registerDataset(input: { projectId: "project:churn", slug: "other", name: "Other", ownerIds: ["user:nobody"] }) { id } }`,
        ),
      ).rejects.toThrow(/Not found: ownerIds\[0\]/);
    } finally {
      await harness.close();
    }
  });
});
