import { digestOf } from './fixtures';

type Ok = (query: string, variables?: Record<string, unknown>) => Promise<unknown>;

/**
 * What a migration of orders@1 reaches, in project:mig (which must exist, with users bo and
 * maintainer and teams warehouse and ml-platform):
 * orders@1 (team:warehouse) → feats@1 (user:bo) → run → clf@1 (team:ml-platform) ← deployment prod (PROD).
 */
export async function seedMigrationChain(ok: Ok): Promise<void> {
  await ok(`mutation {
    registerDataset(input: { projectId: "project:mig", slug: "orders", name: "Orders", ownerIds: ["team:warehouse"] }) { id }
    registerFeatureSet(input: { projectId: "project:mig", slug: "feats", name: "Features", ownerIds: ["user:bo"] }) { id }
    createExperiment(input: { projectId: "project:mig", slug: "train", name: "Training" }) { id }
    registerModel(input: { projectId: "project:mig", slug: "clf", name: "Classifier", ownerIds: ["team:ml-platform"] }) { id }
  }`);
  await ok(
    `mutation($a: String!, $b: String!) {
    a: registerDatasetVersion(input: { datasetId: "dataset:mig/orders", version: "1", digest: $a }) { id }
    b: registerFeatureSetVersion(input: { featureSetId: "featureset:mig/feats", version: "1", digest: $b, derivedFromIds: ["dataset:mig/orders@1"] }) { id }
  }`,
    { a: digestOf('orders-1'), b: digestOf('feats-1') },
  );
  await ok(
    `mutation { startRun(input: { id: "run:mig-train-1", experimentId: "experiment:mig/train", inputs: [{ versionId: "featureset:mig/feats@1" }] }) { id } }`,
  );
  await ok(
    `mutation($d: String!) { registerModelVersion(input: { modelId: "model:mig/clf", runId: "run:mig-train-1", version: "1", digest: $d }) { id } }`,
    {
      d: digestOf('clf-1'),
    },
  );
  await ok(
    `mutation { createDeployment(input: { projectId: "project:mig", slug: "prod", name: "Scoring", environment: PROD, modelVersionId: "model:mig/clf@1", ownerIds: ["team:ml-platform"] }) { id } }`,
  );
}
