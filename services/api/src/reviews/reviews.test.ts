import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { expectRefusedWithoutChange, type Harness, startHarness } from '../test-support/harness';

const ADD_REVIEW = `mutation($input: AddReviewInput!) {
  addReview(input: $input) {
    id kind createdAt author objective method confidence nextAction decision entityId entity { id kind }
  }
}`;
const REVIEW_FIELDS = 'id author objective method confidence nextAction decision';

let harness: Harness;
let runIds: string[];
let modelVersionId: string;

beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  runIds = [];
  for (let i = 0; i < 3; i++) {
    const { startRun } = await harness.ok(
      `mutation { startRun(input: { experimentId: "experiment:churn/xgb" }) { id } }`,
    );
    runIds.push(startRun.id);
  }
  const { registerModelVersion } = await harness.ok(
    `mutation($runId: ID!, $digest: String!) {
      registerModelVersion(input: { modelId: "model:churn/churn-classifier", runId: $runId, digest: $digest }) { id }
    }`,
    { runId: runIds[0], digest: digestOf('model-1') },
  );
  modelVersionId = registerModelVersion.id;
});
afterAll(() => harness.close());

const review = (entityId: string, overrides: Record<string, unknown> = {}) => ({
  entityId,
  objective: 'Beat the logistic baseline on recall at 5% FPR',
  method: 'Held-out October transactions; compared against run baseline',
  confidence: 'MEDIUM',
  nextAction: 'Check fairness on the age buckets',
  decision: 'APPROVED',
  ...overrides,
});

async function addReview(input: Record<string, unknown>, actor = 'user:alice') {
  const result = await harness.gql(ADD_REVIEW, { input }, actor);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data!.addReview;
}

describe('reviews', () => {
  it('a review of a model version round-trips, written by the caller, with its audit event', async () => {
    const added = await addReview(review(modelVersionId));
    expect(added).toMatchObject({
      kind: 'Review',
      author: 'user:alice',
      objective: 'Beat the logistic baseline on recall at 5% FPR',
      method: 'Held-out October transactions; compared against run baseline',
      confidence: 'MEDIUM',
      nextAction: 'Check fairness on the age buckets',
      decision: 'APPROVED',
      entityId: modelVersionId,
      entity: { id: modelVersionId, kind: 'ModelVersion' },
    });
    expect(added.id).toMatch(/^review:[0-9a-f-]{36}$/);

    const { modelVersion, node } = await harness.ok(
      `query($id: ID!, $reviewId: ID!) {
        modelVersion(id: $id) { reviews { ${REVIEW_FIELDS} createdAt } }
        node(id: $reviewId) { __typename id ... on Review { decision } }
      }`,
      { id: modelVersionId, reviewId: added.id },
    );
    expect(modelVersion.reviews).toEqual([
      {
        id: added.id,
        author: 'user:alice',
        objective: added.objective,
        method: added.method,
        confidence: 'MEDIUM',
        nextAction: added.nextAction,
        decision: 'APPROVED',
        createdAt: added.createdAt,
      },
    ]);
    expect(node).toEqual({ __typename: 'Review', id: added.id, decision: 'APPROVED' });

    const { auditTrail } = await harness.ok(
      `query($id: ID!) { auditTrail(entityId: $id) { action actor entityKind after } }`,
      {
        id: modelVersionId,
      },
    );
    expect(auditTrail.map((event: { action: string }) => event.action)).toEqual([
      'review.added',
      'model-version.registered',
    ]);
    expect(auditTrail[0]).toMatchObject({ action: 'review.added', actor: 'user:alice', entityKind: 'ModelVersion' });
    expect(JSON.parse(auditTrail[0].after)).toMatchObject({
      id: added.id,
      entityId: modelVersionId,
      decision: 'APPROVED',
    });
  });

  it('a run keeps its review history, newest first; a next action may be left out', async () => {
    const first = await addReview(review(runIds[1], { decision: 'CHANGES_REQUESTED', confidence: 'LOW' }), 'user:bob');
    const second = await addReview(review(runIds[1], { decision: 'NO_DECISION', nextAction: null }), 'user:carol');
    const third = await addReview(review(runIds[1], { decision: 'APPROVED', confidence: 'HIGH', nextAction: '  ' }));
    expect(second.nextAction).toBeNull();
    expect(third.nextAction).toBeNull();
    const { run } = await harness.ok(`query($id: ID!) { run(id: $id) { reviews { id author decision } } }`, {
      id: runIds[1],
    });
    expect(run.reviews).toEqual([
      { id: third.id, author: 'user:alice', decision: 'APPROVED' },
      { id: second.id, author: 'user:carol', decision: 'NO_DECISION' },
      { id: first.id, author: 'user:bob', decision: 'CHANGES_REQUESTED' },
    ]);
  });

  it('an experiment has its own reviews, and an unreviewed run has none', async () => {
    const added = await addReview(review('experiment:churn/xgb', { decision: 'REJECTED', confidence: 'HIGH' }));
    const { experiment, run } = await harness.ok(
      `query($runId: ID!) {
        experiment(id: "experiment:churn/xgb") { reviews { id decision } }
        run(id: $runId) { reviews { id } }
      }`,
      { runId: runIds[2] },
    );
    expect(experiment.reviews).toEqual([{ id: added.id, decision: 'REJECTED' }]);
    expect(run.reviews).toEqual([]);
  });

  it('the reviews of a page of runs cost one query, not one per run', async () => {
    const query = `{ runs(first: 10) { nodes { id reviews { id } } } }`;
    await harness.ok(query);
    harness.roundTrips.reset();
    const { runs } = await harness.ok(query);
    const roundTrips = harness.roundTrips.count;
    expect(runs.nodes).toHaveLength(3);
    // the page itself, then one batched reviews lookup
    expect(roundTrips).toBeLessThanOrEqual(2);
  });

  it('a review with several problems is refused listing every one, and nothing is written', async () => {
    const refused = await expectRefusedWithoutChange(harness, ADD_REVIEW, {
      input: review(runIds[2], { objective: '   ', method: '', nextAction: 'x'.repeat(10_001) }),
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toContain('objective is required');
    expect(refused.message).toContain('method is required');
    expect(refused.message).toContain('nextAction is 10001 characters long; the limit is 10000');
  });

  it('a review with a confidence outside LOW, MEDIUM, HIGH is refused and nothing is written', async () => {
    const refused = await expectRefusedWithoutChange(harness, ADD_REVIEW, {
      input: review(runIds[2], { confidence: 'PRETTY_SURE' }),
    });
    expect(refused.message).toContain('PRETTY_SURE');
  });

  it('a review of something unknown is refused with NOT_FOUND and nothing is written', async () => {
    const refused = await expectRefusedWithoutChange(harness, ADD_REVIEW, { input: review('run:doesnotexist') });
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.message).toContain('run:doesnotexist');
  });

  it.each([
    ['a dataset', 'dataset:churn/transactions', 'Dataset'],
    ['a model', 'model:churn/churn-classifier', 'Model'],
    ['a project', 'project:churn', 'Project'],
  ])(
    'a review of %s is refused (only runs, experiments and model versions) and nothing is written',
    async (_what, id, kind) => {
      const refused = await expectRefusedWithoutChange(harness, ADD_REVIEW, { input: review(id) });
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(refused.message).toContain(`is a ${kind}, expected Run or Experiment or ModelVersion`);
    },
  );
});
