import { type Harness, startHarness } from '../test-support/harness';
import { mlflowCaller } from '../test-support/mlflow-calls';

/** MLflow's registry writes (issue 19): stages through the promotion gates, deletes that keep lineage honest. */
let harness: Harness;

const call = mlflowCaller(() => harness);

/** A registered model with one version, trained by a run that used a dataset: the ids of each. */
async function trainedAndRegistered(name: string) {
  const { body: experiment } = await call('POST', 'experiments/create', { name: `${name} training` });
  const { body: created } = await call('POST', 'runs/create', { experiment_id: experiment.experiment_id });
  const runId = created.run.info.run_id as string;
  await call('POST', 'runs/log-inputs', {
    run_id: runId,
    datasets: [{ dataset: { name: `${name}-train`, digest: 'd1', source: '{"uri": "s3://lake/t"}' } }],
  });
  await call('POST', 'registered-models/create', { name });
  const { body: version } = await call('POST', 'model-versions/create', {
    name,
    source: `runs:/${runId}/model`,
    run_id: runId,
  });
  expect(version.model_version.version).toBe('1');
  const [row] = await harness.db.runScript(
    `MATCH (v:ModelVersion)-[:GENERATED_BY]->(:Run {id: $runId}), (r:Run {id: $runId})-[:USED]->(d:DatasetVersion)
     RETURN v.id AS versionId, d.id AS datasetVersionId`,
    { runId: `run:${runId}` },
  );
  return { versionId: String(row.versionId), datasetVersionId: String(row.datasetVersionId) };
}

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe("MLflow's model registry on the lineage graph", () => {
  it('a deleted model version leaves MLflow but impact analysis still finds the production deployment it serves', async () => {
    const { versionId, datasetVersionId } = await trainedAndRegistered('churn-deleted');
    await harness.ok(
      `mutation($v: ID!) { createDeployment(input: { projectId: "project:mlflow", slug: "churn-api", name: "churn api",
         environment: PROD, modelVersionId: $v }) { id } }`,
      { v: versionId },
    );
    const deleted = await call('DELETE', 'model-versions/delete', { name: 'churn-deleted', version: '1' });
    expect(deleted.status).toBe(200);
    const gone = await call('GET', 'model-versions/get', { name: 'churn-deleted', version: '1' });
    expect(gone).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });

    const { impact } = await harness.ok<{ impact: any }>(
      `query($t: ID!) { impact(target: $t) {
         affected { node { id ... on ModelVersion { deletedAt } } }
         productionDeploymentsAtRisk { node { id } why } } }`,
      { t: datasetVersionId },
    );
    const version = impact.affected.find((item: any) => item.node.id === versionId);
    expect(version.node.deletedAt).toEqual(expect.any(String));
    expect(impact.productionDeploymentsAtRisk).toEqual([
      { node: { id: 'deployment:mlflow/churn-api' }, why: expect.arrayContaining([versionId]) },
    ]);
  });

  it('a transition to Production blocked by a gate answers the failed gate in words and changes nothing', async () => {
    const { versionId } = await trainedAndRegistered('churn-gated');
    await harness.ok(
      `mutation { setPromotionPolicy(projectId: "project:mlflow", environment: PROD,
         policy: "gates:\\n  - kind: metric-threshold\\n    metric: auc\\n    min: 0.9\\n") { environment } }`,
    );
    const before = await harness.snapshot();
    const refused = await call('POST', 'model-versions/transition-stage', {
      name: 'churn-gated',
      version: '1',
      stage: 'production',
    });
    expect(refused).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    expect(refused.body.message).toMatch(/blocked by 1 failed gate.*auc/);
    expect((await harness.snapshot()) === before).toBe(true);

    const staged = await call('POST', 'model-versions/transition-stage', {
      name: 'churn-gated',
      version: '1',
      stage: 'Staging',
    });
    expect(staged.body.model_version.current_stage).toBe('Staging');
    const { modelVersion } = await harness.ok<{ modelVersion: { stage: string } }>(
      'query($id: ID!) { modelVersion(id: $id) { stage } }',
      { id: versionId },
    );
    expect(modelVersion.stage).toBe('Staging');
  });
});

describe("MLflow's search_model_versions", () => {
  it('filters, orders and pages in the database: the same one query for 12 versions as for 4', async () => {
    const { body: experiment } = await call('POST', 'experiments/create', { name: 'registry search' });
    const { body: created } = await call('POST', 'runs/create', { experiment_id: experiment.experiment_id });
    const runId = created.run.info.run_id as string;
    const register = async (name: string, count: number) => {
      await call('POST', 'registered-models/create', { name });
      for (let i = 0; i < count; i++)
        await call('POST', 'model-versions/create', {
          name,
          source: `runs:/${runId}/model`,
          run_id: runId,
          tags: i % 2 ? [{ key: 'validated', value: 'yes' }] : [],
        });
    };
    await register('search-small', 4);
    await register('search-large', 12);

    const searchOf = async (name: string) => {
      harness.roundTrips.reset();
      const { status, body } = await call('POST', 'model-versions/search', {
        filter: `name = '${name}' AND tags.validated = 'yes' AND version_number > 1`,
        order_by: ['version_number DESC'],
        max_results: 5,
      });
      expect(status).toBe(200);
      return {
        versions: body.model_versions.map((v: { version: string }) => v.version),
        trips: harness.roundTrips.count,
        next: body.next_page_token,
      };
    };
    const small = await searchOf('search-small');
    const large = await searchOf('search-large');
    expect(small.versions).toEqual(['4', '2']);
    expect(small.next).toBeUndefined();
    expect(large.versions).toEqual(['12', '10', '8', '6', '4']);
    expect(large.next).toEqual(expect.any(String));
    // One search query, which answers the page's tags too, however many versions the models hold.
    expect(large.trips).toBe(small.trips);
    expect(large.trips).toBe(1);

    const { body: rest } = await call('POST', 'model-versions/search', {
      filter: `name = 'search-large' AND tags.validated = 'yes' AND version_number > 1`,
      order_by: ['version_number DESC'],
      max_results: 5,
      page_token: large.next,
    });
    expect(rest.model_versions.map((v: { version: string }) => v.version)).toEqual(['2']);
  }, 180_000);
});
