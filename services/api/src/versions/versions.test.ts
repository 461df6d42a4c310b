import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { expectRefusedWithoutChange, type Harness, startHarness } from '../test-support/harness';

const REGISTER_DATASET_VERSION = `mutation($input: RegisterDatasetVersionInput!) {
  registerDatasetVersion(input: $input) {
    id version digest uri rowCount createdAt dataset { id } derivedFrom { ... on DatasetVersion { id } } generatedBy { id }
  }
}`;
const REGISTER_FEATURE_SET_VERSION = `mutation($input: RegisterFeatureSetVersionInput!) {
  registerFeatureSetVersion(input: $input) { id features derivedFrom { ... on DatasetVersion { id } } }
}`;
const REGISTER_MODEL_VERSION = `mutation($input: RegisterModelVersionInput!) {
  registerModelVersion(input: $input) { id version digest generatedBy { id } model { id } }
}`;
const START_RUN = `mutation($input: StartRunInput!) { startRun(input: $input) { id } }`;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  await harness.ok(REGISTER_DATASET_VERSION, {
    input: {
      datasetId: 'dataset:churn/transactions',
      version: '2026-09',
      digest: digestOf('tx-2026-09'),
      rowCount: 1000,
    },
  });
});
afterAll(() => harness.close());

const auditCount = async (entityId: string) =>
  (await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { id } }`, { id: entityId })).auditTrail.length;

describe('dataset versions', () => {
  it('registers a version derived from an earlier one, with an audit event', async () => {
    const { registerDatasetVersion } = await harness.ok(REGISTER_DATASET_VERSION, {
      input: {
        datasetId: 'dataset:churn/transactions',
        version: '2026-10',
        digest: digestOf('tx-2026-10'),
        uri: 's3://lake/tx/2026-10',
        rowCount: 1200,
        derivedFromIds: ['dataset:churn/transactions@2026-09'],
      },
    });
    expect(registerDatasetVersion).toMatchObject({
      id: 'dataset:churn/transactions@2026-10',
      version: '2026-10',
      digest: digestOf('tx-2026-10'),
      rowCount: 1200,
      dataset: { id: 'dataset:churn/transactions' },
      derivedFrom: [{ id: 'dataset:churn/transactions@2026-09' }],
      generatedBy: null,
    });
    expect(await auditCount('dataset:churn/transactions@2026-10')).toBe(1);
  });

  it('re-registering the same version with the same digest returns it unchanged', async () => {
    const before = await harness.snapshot();
    const { registerDatasetVersion } = await harness.ok(REGISTER_DATASET_VERSION, {
      input: {
        datasetId: 'dataset:churn/transactions',
        version: '2026-10',
        digest: digestOf('tx-2026-10'),
        derivedFromIds: ['dataset:churn/transactions@2026-09'],
      },
    });
    expect(registerDatasetVersion.id).toBe('dataset:churn/transactions@2026-10');
    expect(registerDatasetVersion.rowCount).toBe(1200);
    expect(await harness.snapshot()).toBe(before);
  });

  it('re-registering a version with a different digest is refused and changes nothing', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_DATASET_VERSION, {
      input: {
        datasetId: 'dataset:churn/transactions',
        version: '2026-10',
        digest: digestOf('tampered'),
        derivedFromIds: ['dataset:churn/transactions@2026-09'],
      },
    });
    expect(refused.code).toBe('IMMUTABLE_VERSION');
    expect(refused.message).toContain('digest');
    expect(await auditCount('dataset:churn/transactions@2026-10')).toBe(1);
  });

  it('re-registering a version with different lineage is refused', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_DATASET_VERSION, {
      input: { datasetId: 'dataset:churn/transactions', version: '2026-10', digest: digestOf('tx-2026-10') },
    });
    expect(refused.code).toBe('IMMUTABLE_VERSION');
    expect(refused.message).toContain('derivedFromIds');
  });

  it.each([
    ['a digest that is not a digest', { version: 'v9', digest: 'not-a-digest' }, 'BAD_USER_INPUT', 'digest'],
    ['a sha256 digest of the wrong length', { version: 'v9', digest: 'sha256:abc123' }, 'BAD_USER_INPUT', 'digest'],
    ['a missing version label', { digest: digestOf('x') }, 'BAD_USER_INPUT', 'version'],
    ['a version label with slashes', { version: 'a/b', digest: digestOf('x') }, 'BAD_USER_INPUT', 'version'],
    ['an oversized uri', { version: 'v9', digest: digestOf('x'), uri: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'uri'],
    ['a negative row count', { version: 'v9', digest: digestOf('x'), rowCount: -1 }, 'BAD_USER_INPUT', 'rowCount'],
    [
      'an unknown source version',
      { version: 'v9', digest: digestOf('x'), derivedFromIds: ['dataset:churn/transactions@nope'] },
      'NOT_FOUND',
      'derivedFromIds[0]',
    ],
    [
      'an unknown generating run',
      { version: 'v9', digest: digestOf('x'), generatedByRunId: 'run:ffffffffffff' },
      'NOT_FOUND',
      'run:ffffffffffff',
    ],
  ])('refuses %s and changes nothing', async (_case, input, code, mentioned) => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_DATASET_VERSION, {
      input: { datasetId: 'dataset:churn/transactions', ...input },
    });
    expect(refused.code).toBe(code);
    expect(refused.message).toContain(mentioned);
  });

  it('refuses a version of an unknown dataset with NOT_FOUND', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_DATASET_VERSION, {
      input: { datasetId: 'dataset:churn/ghost', version: '1', digest: digestOf('x') },
    });
    expect(refused.code).toBe('NOT_FOUND');
  });

  it('refuses a wrong-typed field before anything runs', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_DATASET_VERSION, {
      input: { datasetId: 'dataset:churn/transactions', version: '1', digest: digestOf('x'), rowCount: 'many' },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
  });

  it('lists versions newest first on the dataset', async () => {
    const { dataset } = await harness.ok(`{ dataset(id: "dataset:churn/transactions") { versions { version } } }`);
    expect(dataset.versions.map((v: { version: string }) => v.version)).toEqual(['2026-10', '2026-09']);
  });

  it('links each version to the ones registered just before and after it', async () => {
    const { first, latest } = await harness.ok(`{
      first: datasetVersion(id: "dataset:churn/transactions@2026-09") { previousVersion { id } nextVersion { id } }
      latest: datasetVersion(id: "dataset:churn/transactions@2026-10") { previousVersion { id } nextVersion { id } }
    }`);
    expect(first).toEqual({ previousVersion: null, nextVersion: { id: 'dataset:churn/transactions@2026-10' } });
    expect(latest).toEqual({ previousVersion: { id: 'dataset:churn/transactions@2026-09' }, nextVersion: null });
  });
});

describe('feature set versions', () => {
  it('registers a feature set version derived from a dataset version', async () => {
    const { registerFeatureSetVersion } = await harness.ok(REGISTER_FEATURE_SET_VERSION, {
      input: {
        featureSetId: 'featureset:churn/customer',
        version: '1',
        digest: digestOf('features-1'),
        features: ['tenure_days', 'spend_30d'],
        derivedFromIds: ['dataset:churn/transactions@2026-10'],
      },
    });
    expect(registerFeatureSetVersion).toEqual({
      id: 'featureset:churn/customer@1',
      features: ['tenure_days', 'spend_30d'],
      derivedFrom: [{ id: 'dataset:churn/transactions@2026-10' }],
    });
  });

  it('refuses deriving from something that is not a data version', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_FEATURE_SET_VERSION, {
      input: {
        featureSetId: 'featureset:churn/customer',
        version: '2',
        digest: digestOf('f2'),
        derivedFromIds: ['project:churn'],
      },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toContain('project:churn');
  });
});

describe('model versions', () => {
  let runId: string;
  beforeAll(async () => {
    runId = (await harness.ok(START_RUN, { input: { experimentId: 'experiment:churn/xgb', name: 'train' } })).startRun
      .id;
  });

  it('numbers model versions itself and links the generating run', async () => {
    const first = (
      await harness.ok(REGISTER_MODEL_VERSION, {
        input: { modelId: 'model:churn/churn-classifier', runId, digest: digestOf('m1') },
      })
    ).registerModelVersion;
    const second = (
      await harness.ok(REGISTER_MODEL_VERSION, {
        input: { modelId: 'model:churn/churn-classifier', runId, digest: digestOf('m2') },
      })
    ).registerModelVersion;
    expect(first).toEqual({
      id: 'model:churn/churn-classifier@1',
      version: '1',
      digest: digestOf('m1'),
      generatedBy: { id: runId },
      model: { id: 'model:churn/churn-classifier' },
    });
    expect(second.version).toBe('2');
  });

  it('refuses a model version naming a run that does not exist', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_MODEL_VERSION, {
      input: { modelId: 'model:churn/churn-classifier', runId: 'run:000000000000', digest: digestOf('m3') },
    });
    expect(refused.code).toBe('NOT_FOUND');
  });

  it('refuses changing an existing model version', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_MODEL_VERSION, {
      input: { modelId: 'model:churn/churn-classifier', runId, version: '1', digest: digestOf('other') },
    });
    expect(refused.code).toBe('IMMUTABLE_VERSION');
  });

  it('creates deployments that serve a model version, and refuses an unknown environment', async () => {
    const { createDeployment } = await harness.ok(
      `mutation { createDeployment(input: { projectId: "project:churn", slug: "churn-api-prod", name: "Churn API", environment: PROD,
         modelVersionId: "model:churn/churn-classifier@1", ownerIds: ["team:risk-data"] }) { id environment modelVersion { id } owners { ... on Team { id } } } }`,
    );
    expect(createDeployment).toEqual({
      id: 'deployment:churn/churn-api-prod',
      environment: 'PROD',
      modelVersion: { id: 'model:churn/churn-classifier@1' },
      owners: [{ id: 'team:risk-data' }],
    });
    const { modelVersion } = await harness.ok(
      `{ modelVersion(id: "model:churn/churn-classifier@1") { deployments { id } } }`,
    );
    expect(modelVersion.deployments).toEqual([{ id: 'deployment:churn/churn-api-prod' }]);
    const refused = await expectRefusedWithoutChange(
      harness,
      `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }`,
      {
        input: {
          projectId: 'project:churn',
          slug: 'x',
          name: 'X',
          environment: 'MOON',
          modelVersionId: 'model:churn/churn-classifier@1',
        },
      },
    );
    expect(refused.code).toBe('BAD_USER_INPUT');
    const unknownModel = await expectRefusedWithoutChange(
      harness,
      `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }`,
      {
        input: {
          projectId: 'project:churn',
          slug: 'x',
          name: 'X',
          environment: 'DEV',
          modelVersionId: 'model:churn/churn-classifier@99',
        },
      },
    );
    expect(unknownModel.code).toBe('NOT_FOUND');
  });
});
