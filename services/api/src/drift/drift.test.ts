import { randomUUID } from 'node:crypto';
import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { LOWER_IS_BETTER } from './thresholds';

/**
 * Drift and anomalies against the real api and Neo4j: schema changes computed at registration (GraphQL
 * and OpenLineage), statistics drift, robust-z metric outliers, evaluation drops, and whether a flag
 * reaches a PROD deployment through the lineage.
 */
let harness: Harness;

const REGISTER_DATASET_VERSION = `mutation($input: RegisterDatasetVersionInput!) {
  registerDatasetVersion(input: $input) { id }
}`;
const VERSION_DRIFT = `query($id: ID!) {
  datasetVersion(id: $id) {
    schema { name type nullable }
    columnStats { column count nulls mean std distinct }
    schemaChange { previousVersionId changed added { name type } removed { name type } retyped { name from to } }
  }
}`;
const FLAGS = `query($projectId: ID!, $kinds: [DriftFlagKind!]) {
  driftFlags(projectId: $projectId, kinds: $kinds) {
    kind subjectId previousId column metric measure value threshold explanation affectsProduction
    productionModelVersionIds productionDeploymentIds lineageRootId subject { id kind } previous { id }
  }
}`;

type Flag = Record<string, any>;
const flags = async (kinds: string[], projectId = 'project:churn'): Promise<Flag[]> =>
  (await harness.ok(FLAGS, { projectId, kinds })).driftFlags;

const column = (name: string, type: string) => ({ name, type });

async function registerDatasetVersion(datasetId: string, version: string, extra: Record<string, unknown>) {
  await harness.ok(REGISTER_DATASET_VERSION, {
    input: { datasetId, version, digest: digestOf(`${datasetId}@${version}`), ...extra },
  });
}

/** A finished run of an experiment with final metric values. */
async function finishedRun(experimentId: string, metrics: Record<string, number>, inputs: string[] = []) {
  const { startRun } = await harness.ok(`mutation($input: StartRunInput!) { startRun(input: $input) { id } }`, {
    input: { experimentId, inputs: inputs.map((versionId) => ({ versionId, role: 'training' })) },
  });
  await harness.ok(
    `mutation($runId: ID!, $metrics: [MetricInput!]!) { logMetrics(runId: $runId, metrics: $metrics) { id } }`,
    {
      runId: startRun.id,
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value })),
    },
  );
  await harness.ok(`mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }`, {
    input: { runId: startRun.id, status: 'FINISHED' },
  });
  return startRun.id as string;
}

beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  await harness.ok(`mutation {
    registerDataset(input: { projectId: "project:churn", slug: "events", name: "Events" }) { id }
    createExperiment(input: { projectId: "project:churn", slug: "train", name: "Production training" }) { id }
  }`);
  // transactions: v1 → v2 drops plan, adds spend, retypes tenure_days; its statistics drift in two columns.
  await registerDatasetVersion('dataset:churn/transactions', '2026-09', {
    schema: [column('id', 'int64'), column('tenure_days', 'int64'), { name: 'plan', type: 'string', nullable: true }],
    columnStats: [
      { column: 'amount', count: 1000, nulls: 10, mean: 50, std: 10, distinct: 800 },
      { column: 'email', count: 1000, nulls: 10, distinct: 900 },
      { column: 'age', count: 1000, nulls: 0, mean: 40, std: 5, distinct: 60 },
    ],
  });
  await registerDatasetVersion('dataset:churn/transactions', '2026-10', {
    schema: [column('id', 'int64'), column('tenure_days', 'string'), column('spend', 'double')],
    columnStats: [
      // amount moves a little everywhere: quiet. email: null rate 1% → 30%. age: mean shifts 4 previous std.
      { column: 'amount', count: 1000, nulls: 12, mean: 51, std: 10, distinct: 820 },
      { column: 'email', count: 1000, nulls: 300, distinct: 700 },
      { column: 'age', count: 1000, nulls: 0, mean: 60, std: 5, distinct: 61 },
    ],
  });
  // events: feeds nothing in production.
  await registerDatasetVersion('dataset:churn/events', '1', { schema: [column('ts', 'timestamp')] });
  await registerDatasetVersion('dataset:churn/events', '2', {
    schema: [column('ts', 'timestamp'), column('kind', 'string')],
  });

  // The chain to production: transactions@2026-10 ← customer@1 ← training run ← model@2 ← PROD deployment.
  await harness.ok(`mutation {
    registerFeatureSetVersion(input: { featureSetId: "featureset:churn/customer", version: "1", digest: "${digestOf('f1')}",
      derivedFromIds: ["dataset:churn/transactions@2026-10"] }) { id }
  }`);
  const first = await finishedRun('experiment:churn/train', { auc: 0.9, val_loss: 0.3 });
  const second = await finishedRun('experiment:churn/train', { auc: 0.85, val_loss: 0.25 }, [
    'featureset:churn/customer@1',
  ]);
  for (const runId of [first, second]) {
    await harness.ok(
      `mutation($runId: ID!) {
      registerModelVersion(input: { modelId: "model:churn/churn-classifier", runId: $runId, digest: "${digestOf(randomUUID())}" }) { id }
    }`,
      { runId },
    );
  }
  await harness.ok(`mutation { createDeployment(input: { projectId: "project:churn", slug: "prod", name: "Churn API",
    environment: PROD, modelVersionId: "model:churn/churn-classifier@2" }) { id } }`);
});
afterAll(() => harness.close());

describe('schema changes', () => {
  it('are computed at registration from the schema sent through GraphQL: added, removed, retyped', async () => {
    const { datasetVersion } = await harness.ok(VERSION_DRIFT, { id: 'dataset:churn/transactions@2026-10' });
    expect(datasetVersion.schema).toEqual([
      { name: 'id', type: 'int64', nullable: null },
      { name: 'tenure_days', type: 'string', nullable: null },
      { name: 'spend', type: 'double', nullable: null },
    ]);
    expect(datasetVersion.schemaChange).toEqual({
      previousVersionId: 'dataset:churn/transactions@2026-09',
      changed: true,
      added: [{ name: 'spend', type: 'double' }],
      removed: [{ name: 'plan', type: 'string' }],
      retyped: [{ name: 'tenure_days', from: 'int64', to: 'string' }],
    });
    const first = (await harness.ok(VERSION_DRIFT, { id: 'dataset:churn/transactions@2026-09' })).datasetVersion;
    expect(first.schemaChange).toBeNull();
    expect(first.schema[2]).toEqual({ name: 'plan', type: 'string', nullable: true });
  });

  it('flags a change that reaches a PROD deployment through the lineage as affecting production', async () => {
    const found = await flags(['SCHEMA_CHANGE']);
    const transactions = found.find((flag) => flag.subjectId === 'dataset:churn/transactions@2026-10');
    expect(transactions).toMatchObject({
      kind: 'SCHEMA_CHANGE',
      previousId: 'dataset:churn/transactions@2026-09',
      previous: { id: 'dataset:churn/transactions@2026-09' },
      subject: { id: 'dataset:churn/transactions@2026-10', kind: 'DatasetVersion' },
      measure: 'columns_changed',
      value: 3,
      threshold: 0,
      affectsProduction: true,
      productionModelVersionIds: ['model:churn/churn-classifier@2'],
      productionDeploymentIds: ['deployment:churn/prod'],
      lineageRootId: 'dataset:churn/transactions@2026-10',
    });
    expect(transactions!.explanation).toBe(
      'dataset:churn/transactions@2026-10: column tenure_days retyped int64 → string, column spend added (double), ' +
        'column plan removed since dataset:churn/transactions@2026-09; it feeds the production model ' +
        'model:churn/churn-classifier@2 (deployment:churn/prod).',
    );
    const events = found.find((flag) => flag.subjectId === 'dataset:churn/events@2');
    expect(events).toMatchObject({ column: 'kind', value: 1, affectsProduction: false, productionModelVersionIds: [] });
    expect(events!.explanation).toContain('no production deployment is downstream');
    expect(found).toHaveLength(2);
  });

  it('re-registering a version with a different schema is refused as a content change', async () => {
    const refused = await harness.gql(REGISTER_DATASET_VERSION, {
      input: {
        datasetId: 'dataset:churn/events',
        version: '2',
        digest: digestOf('dataset:churn/events@2'),
        schema: [column('ts', 'string')],
      },
    });
    expect(refused.errors?.[0].extensions?.code).toBe('IMMUTABLE_VERSION');
    expect(refused.errors?.[0].message).toContain('schemaColumns');
  });

  it('are computed from the OpenLineage schema facet, with column statistics from dataQualityMetrics', async () => {
    const post = async (version: string, fields: { name: string; type: string }[], inputFacets = {}) => {
      const response = await fetch(harness.url.replace('/graphql', '/api/v1/lineage'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          producer: 'https://example.org/test',
          schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
          eventType: 'COMPLETE',
          eventTime: '2026-11-02T10:00:00Z',
          run: { runId: randomUUID() },
          job: { namespace: 'warehouse', name: 'score' },
          inputs: [
            {
              namespace: 'warehouse',
              name: 'customers',
              facets: { version: { datasetVersion: version }, schema: { fields } },
              inputFacets,
            },
          ],
        }),
      });
      expect(response.status).toBe(201);
    };
    await post('v1', [column('customer_id', 'INTEGER'), column('region', 'VARCHAR')]);
    await post('v2', [column('customer_id', 'BIGINT'), column('segment', 'VARCHAR')], {
      dataQualityMetrics: {
        rowCount: 10,
        columnMetrics: { customer_id: { nullCount: 1, distinctCount: 9, count: 10, sum: 55 } },
      },
    });
    const { datasetVersion } = await harness.ok(VERSION_DRIFT, { id: 'dataset:warehouse/customers@v2' });
    expect(datasetVersion.schemaChange).toEqual({
      previousVersionId: 'dataset:warehouse/customers@v1',
      changed: true,
      added: [{ name: 'segment', type: 'VARCHAR' }],
      removed: [{ name: 'region', type: 'VARCHAR' }],
      retyped: [{ name: 'customer_id', from: 'INTEGER', to: 'BIGINT' }],
    });
    expect(datasetVersion.columnStats).toEqual([
      { column: 'customer_id', count: 10, nulls: 1, mean: 5.5, std: null, distinct: 9 },
    ]);
    const [flag] = await flags(['SCHEMA_CHANGE'], 'project:warehouse');
    expect(flag).toMatchObject({ subjectId: 'dataset:warehouse/customers@v2', value: 3, affectsProduction: false });
  });
});

describe('statistics drift', () => {
  it('flags each column and measure beyond its threshold, and stays quiet about small moves', async () => {
    const found = await flags(['STATISTICS_DRIFT']);
    const summary = found.map((flag) => [flag.column, flag.measure, flag.value, flag.threshold]);
    // email: null rate 10/1000 = 0.01 → 300/1000 = 0.3, change 0.29 > 0.1; distinct 900 → 700 is 22% (quiet).
    // age: |60 − 40| / 5 = 4 previous standard deviations > 3. amount: 0.1 sd, 0.002 null rate, 2.5% distinct.
    expect(summary).toEqual([
      ['email', 'null_rate_change', 0.29, 0.1],
      ['age', 'mean_shift_sd', 4, 3],
    ]);
    expect(found[0]).toMatchObject({
      subjectId: 'dataset:churn/transactions@2026-10',
      previousId: 'dataset:churn/transactions@2026-09',
      affectsProduction: true,
      productionModelVersionIds: ['model:churn/churn-classifier@2'],
    });
    expect(found[1].explanation).toContain(
      'column age mean moved from 40 to 60, 4 of the previous standard deviation 5',
    );
  });
});

describe('metric anomalies', () => {
  it('flags a planted outlier run by robust z-score and not an ordinary one', async () => {
    // auc of six finished runs: 0.80 0.81 0.81 0.82 0.83 and the planted 0.40.
    // median = (0.81 + 0.81) / 2 = 0.81; |x − median| = 0.01 0 0 0.01 0.02 0.41 → MAD = (0.01 + 0.01) / 2 = 0.01.
    // planted: 0.41 / (1.4826 × 0.01) = 27.65 > 3.5, flagged; 0.83: 0.02 / 0.014826 = 1.35, quiet.
    const ordinary = [0.8, 0.81, 0.81, 0.82];
    for (const auc of ordinary) await finishedRun('experiment:churn/xgb', { auc });
    const highest = await finishedRun('experiment:churn/xgb', { auc: 0.83 });
    expect(await flags(['METRIC_OUTLIER'])).toEqual([]); // five runs, no outlier among them
    const planted = await finishedRun('experiment:churn/xgb', { auc: 0.4 });
    const found = await flags(['METRIC_OUTLIER']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'METRIC_OUTLIER',
      subjectId: planted,
      subject: { id: planted, kind: 'Run' },
      previousId: null,
      metric: 'auc',
      measure: 'robust_z',
      threshold: 3.5,
      lineageRootId: planted,
      affectsProduction: false,
    });
    expect(found[0].value).toBeCloseTo(27.65, 1);
    expect(found[0].explanation).toContain("from the median 0.81 of experiment:churn/xgb's 6 runs");
    expect(found.map((flag) => flag.subjectId)).not.toContain(highest);
  });

  it('judges the runs of one experiment that write different datasets apart', async () => {
    // A pipeline experiment: six runs write dataset:pipes/small (about 1,000 rows), one writes
    // dataset:pipes/big (a million). Pooled (median 1,005, MAD 10) the big run would lie ~67,000 robust z from the median;
    // apart, the small runs are ordinary and the big one has no peers to be judged against.
    await harness.ok(`mutation {
      createProject(input: { slug: "pipes", name: "Pipelines" }) { id }
    }`);
    await harness.ok(`mutation {
      registerDataset(input: { projectId: "project:pipes", slug: "small", name: "Small" }) { id }
      big: registerDataset(input: { projectId: "project:pipes", slug: "big", name: "Big" }) { id }
      createExperiment(input: { projectId: "project:pipes", slug: "prep", name: "Preparation" }) { id }
    }`);
    const writes = async (datasetId: string, version: string, rows: number) => {
      const runId = await finishedRun('experiment:pipes/prep', { rows_written: rows });
      await registerDatasetVersion(datasetId, version, { generatedByRunId: runId });
    };
    for (const [i, rows] of [1000, 1010, 990, 1005, 995, 1020].entries())
      await writes('dataset:pipes/small', `v${i}`, rows);
    await writes('dataset:pipes/big', 'v0', 1_000_000);
    expect(await flags(['METRIC_OUTLIER'], 'project:pipes')).toEqual([]);

    // A seventh small run far off is still flagged, among the runs writing the same dataset.
    await writes('dataset:pipes/small', 'v6', 100);
    const found = await flags(['METRIC_OUTLIER'], 'project:pipes');
    expect(found.map((flag) => flag.metric)).toEqual(['rows_written']);
    expect(found[0].explanation).toContain("of experiment:pipes/prep's 7 runs writing dataset:pipes/small");
  });

  it('flags a deployed model version whose evaluation fell from the previous version, not one that improved', async () => {
    const found = await flags(['EVALUATION_DROP']);
    // auc 0.90 → 0.85 fell; val_loss 0.30 → 0.25 improved (lower is better).
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'EVALUATION_DROP',
      subjectId: 'model:churn/churn-classifier@2',
      previousId: 'model:churn/churn-classifier@1',
      metric: 'auc',
      measure: 'evaluation_drop',
      threshold: 0,
      affectsProduction: true,
      productionModelVersionIds: ['model:churn/churn-classifier@2'],
      productionDeploymentIds: ['deployment:churn/prod'],
    });
    expect(found[0].value).toBeCloseTo(0.05, 6);
    expect(found[0].explanation).toBe(
      'model:churn/churn-classifier@2, served by the production deployment deployment:churn/prod: auc fell from 0.9 ' +
        'to 0.85 (higher is better) against model:churn/churn-classifier@1, the version before it.',
    );
  });

  it('reads fairness gaps and losses as lower-is-better, scores as higher-is-better', () => {
    const lower = ['val_loss', 'rmse', 'error_rate', 'demographic_parity_difference', 'equalized_odds_gap'];
    const higher = ['auc', 'f1', 'accuracy', 'recall_at_10', 'ndcg'];
    expect(lower.filter((key) => !LOWER_IS_BETTER.test(key))).toEqual([]);
    expect(higher.filter((key) => LOWER_IS_BETTER.test(key))).toEqual([]);
  });

  it('lists every kind when none is named, and refuses an unknown project', async () => {
    const kinds = new Set((await flags([])).map((flag) => flag.kind));
    expect([...kinds].sort()).toEqual(['EVALUATION_DROP', 'METRIC_OUTLIER', 'SCHEMA_CHANGE', 'STATISTICS_DRIFT']);
    const refused = await harness.gql(FLAGS, { projectId: 'project:nope' });
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
