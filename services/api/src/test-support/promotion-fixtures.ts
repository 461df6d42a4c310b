import { digestOf, seedChurnProject } from './fixtures';
import type { Harness } from './harness';

/**
 * A small churn project for the promotion gates, built through the GraphQL mutations:
 * - `good`: trained by alice on governed data (digest + classification), clean recipe, auc 0.85,
 *   fairness within 0.1, in experiment xgb beside two other runs;
 * - `bad`: trained with no owner from a dirty tree with no environment recorded, on an unclassified
 *   dataset version, auc 0.7, demographic parity 0.2, alone in experiment solo.
 */
export interface PromotionFixture {
  good: string;
  bad: string;
  goodRun: string;
  badRun: string;
}

const START_RUN = `mutation($input: StartRunInput!) { startRun(input: $input) { id } }`;
const LOG_METRICS = `mutation($runId: ID!, $metrics: [MetricInput!]!) { logMetrics(runId: $runId, metrics: $metrics) { id } }`;
const REGISTER_MODEL_VERSION = `mutation($runId: ID!, $digest: String!, $version: String) {
  registerModelVersion(input: { modelId: "model:churn/churn-classifier", runId: $runId, digest: $digest, version: $version }) { id }
}`;

export const COMMIT = '3f9c2a7b1d04e8a6c0ffee1234567890abcdef12';

/** Classifies a dataset, feature set or version through setMetadata (governed metadata `meta.classification`). */
export async function setClassification(harness: Harness, id: string, classification: string): Promise<void> {
  await harness.ok(
    `mutation($id: ID!, $value: String!) { setMetadata(entityId: $id, metadata: [{ key: "classification", value: $value }]) { id } }`,
    { id, value: classification },
  );
}

export async function trainModelVersion(
  harness: Harness,
  options: {
    experimentId: string;
    version: string;
    metrics: Record<string, number>;
    run: Record<string, unknown>;
  },
  actor = 'user:tester',
): Promise<{ runId: string; modelVersionId: string }> {
  const { startRun } = await harness.ok(START_RUN, { input: { experimentId: options.experimentId, ...options.run } });
  const metrics = Object.entries(options.metrics).map(([key, value]) => ({ key, value, step: 1 }));
  await harness.ok(LOG_METRICS, { runId: startRun.id, metrics });
  const registered = await harness.gql(
    REGISTER_MODEL_VERSION,
    { runId: startRun.id, digest: digestOf(`model-${options.version}`), version: options.version },
    actor,
  );
  if (registered.errors?.length) throw new Error(JSON.stringify(registered.errors));
  return { runId: startRun.id, modelVersionId: registered.data!.registerModelVersion.id };
}

export const CLEAN_RUN = {
  ownerId: 'user:alice',
  code: { repo: 'git@example.com:churn.git', branch: 'main', commit: COMMIT, dirty: false },
  environment: { languageVersion: 'python 3.11.9', packageLockDigest: digestOf('poetry.lock') },
};

export async function seedPromotionFixture(harness: Harness): Promise<PromotionFixture> {
  await seedChurnProject(harness);
  await harness.ok(`mutation {
    createUser(input: { handle: "bob", name: "Bob" }) { id }
    registerDataset(input: { projectId: "project:churn", slug: "unlabelled", name: "Unlabelled events" }) { id }
    createExperiment(input: { projectId: "project:churn", slug: "solo", name: "One lucky run" }) { id }
  }`);
  await harness.ok(
    `mutation($a: String!, $c: String!) {
      a: registerDatasetVersion(input: { datasetId: "dataset:churn/transactions", version: "2026-10", digest: $a }) { id }
      c: registerDatasetVersion(input: { datasetId: "dataset:churn/unlabelled", version: "1", digest: $c }) { id }
    }`,
    { a: digestOf('transactions-2026-10'), c: digestOf('unlabelled-1') },
  );
  await harness.ok(
    `mutation($d: String!) {
      registerFeatureSetVersion(input: { featureSetId: "featureset:churn/customer", version: "1", digest: $d,
        derivedFromIds: ["dataset:churn/transactions@2026-10"] }) { id }
    }`,
    { d: digestOf('customer-1') },
  );
  // The dataset version classifies itself; the feature set version inherits its parent's.
  await setClassification(harness, 'dataset:churn/transactions@2026-10', 'pii');
  await setClassification(harness, 'featureset:churn/customer', 'confidential');

  for (const name of ['depth-4', 'depth-8']) {
    await harness.ok(START_RUN, { input: { experimentId: 'experiment:churn/xgb', name } });
  }
  const good = await trainModelVersion(harness, {
    experimentId: 'experiment:churn/xgb',
    version: '1',
    metrics: { auc: 0.85, logloss: 0.3, demographic_parity_difference: 0.04, equalized_odds_gap: -0.05 },
    run: { ...CLEAN_RUN, inputs: [{ versionId: 'featureset:churn/customer@1', role: 'training' }] },
  });
  const bad = await trainModelVersion(harness, {
    experimentId: 'experiment:churn/solo',
    version: '2',
    metrics: { auc: 0.7, logloss: 0.6, demographic_parity_difference: 0.2, equalized_odds_gap: 0.05 },
    run: {
      code: { commit: COMMIT, dirty: true },
      inputs: [
        { versionId: 'dataset:churn/unlabelled@1', role: 'training' },
        { versionId: 'featureset:churn/customer@1', role: 'training' },
      ],
    },
  });
  return { good: good.modelVersionId, bad: bad.modelVersionId, goodRun: good.runId, badRun: bad.runId };
}
