import { type Harness, startHarness } from '../test-support/harness';
import { mlflowCaller } from '../test-support/mlflow-calls';

/** MLflow experiments in Mnemo projects (auth off): named by the `mnemo.project` tag or a `<project>/…` name. */
let harness: Harness;

const call = mlflowCaller(() => harness);

const projectOf = async (id: string) =>
  (await harness.db.runScript(`MATCH ({id: $id})-[:IN_PROJECT]->(p:Project) RETURN p.id AS id`, { id })).map(
    (row: any) => row.id,
  );

beforeAll(async () => {
  harness = await startHarness();
  for (const slug of ['churn', 'payments']) {
    await harness.ok(`mutation($s: String!) { createProject(input: { slug: $s, name: $s }) { id } }`, { s: slug });
  }
});
afterAll(() => harness.close());

describe('MLflow experiments in projects', () => {
  it('creates an experiment in the project its mnemo.project tag names, with an id that maps back', async () => {
    const created = await call('POST', 'experiments/create', {
      name: 'xgb tuning',
      tags: [{ key: 'mnemo.project', value: 'churn' }],
    });
    expect(created.status).toBe(200);
    const id = created.body.experiment_id as string;
    expect(id).toMatch(/^churn~xgb-tuning-[0-9a-f]{8}$/);
    expect(await projectOf(`experiment:churn/${id.slice('churn~'.length)}`)).toEqual(['project:churn']);

    const got = await call('GET', 'experiments/get', { experiment_id: id });
    expect(got.body.experiment).toMatchObject({
      experiment_id: id,
      name: 'xgb tuning',
      artifact_location: `mlflow-artifacts:/${id}`,
      tags: [{ key: 'mnemo.project', value: 'churn' }],
    });
    const byName = await call('GET', 'experiments/get-by-name', { experiment_name: 'xgb tuning' });
    expect(byName.body.experiment.experiment_id).toBe(id);
    // Names are unique within a project.
    const again = await call('POST', 'experiments/create', {
      name: 'xgb tuning',
      tags: [{ key: 'mnemo.project', value: 'project:churn' }],
    });
    expect(again).toMatchObject({ status: 400, body: { error_code: 'RESOURCE_ALREADY_EXISTS' } });
  });

  it('creates `<project>/<name>` in that project when it exists (set_experiment), else in project:mlflow', async () => {
    const missing = await call('GET', 'experiments/get-by-name', { experiment_name: 'churn/lgbm' });
    expect(missing.status).toBe(404);
    const created = await call('POST', 'experiments/create', { name: 'churn/lgbm' });
    const id = created.body.experiment_id as string;
    expect(id).toMatch(/^churn~lgbm-[0-9a-f]{8}$/);
    expect(await projectOf(`experiment:churn/${id.slice('churn~'.length)}`)).toEqual(['project:churn']);
    const found = await call('GET', 'experiments/get-by-name', { experiment_name: 'churn/lgbm' });
    expect(found.body.experiment).toMatchObject({ experiment_id: id, name: 'churn/lgbm' });

    const plain = await call('POST', 'experiments/create', { name: 'nowhere/lgbm' });
    expect(plain.body.experiment_id).toMatch(/^nowhere-lgbm-[0-9a-f]{8}$/);
    expect(await projectOf(`experiment:mlflow/${plain.body.experiment_id}`)).toEqual(['project:mlflow']);
  });

  it('logs runs, their datasets and searches in the experiment’s project; lists show every project', async () => {
    const { body: experiment } = await call('POST', 'experiments/create', { name: 'churn/runs here' });
    const experimentId = experiment.experiment_id as string;
    const { body: created } = await call('POST', 'runs/create', { experiment_id: experimentId, run_name: 'r1' });
    const runId = created.run.info.run_id as string;
    expect(created.run.info).toMatchObject({
      experiment_id: experimentId,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    });
    expect(await projectOf(`run:${runId}`)).toEqual([]); // a run's project is its experiment's
    const [{ projectId }] = await harness.db.runScript(
      `MATCH (:Run {id: $id})-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(p) RETURN p.id AS projectId`,
      { id: `run:${runId}` },
    );
    expect(projectId).toBe('project:churn');
    await call('POST', 'runs/log-metric', { run_id: runId, key: 'auc', value: 0.9, timestamp: 1, step: 0 });
    const inputs = await call('POST', 'runs/log-inputs', {
      run_id: runId,
      datasets: [
        {
          dataset: { name: 'churn-train', digest: 'abc123' },
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
        },
      ],
    });
    expect(inputs.status).toBe(200);
    const datasets = await harness.db.runScript(
      `MATCH (:Run {id: $id})-[:USED]->(:DatasetVersion)-[:VERSION_OF]->(d:Dataset)-[:IN_PROJECT]->(p) RETURN d.id AS id, p.id AS projectId`,
      { id: `run:${runId}` },
    );
    expect(datasets).toEqual([
      { id: expect.stringMatching(/^dataset:churn\/churn-train-/), projectId: 'project:churn' },
    ]);

    const got = await call('GET', 'runs/get', { run_id: runId });
    expect(got.body.run.inputs.dataset_inputs[0].dataset).toMatchObject({ name: 'churn-train', digest: 'abc123' });
    const searched = await call('POST', 'runs/search', { experiment_ids: [experimentId] });
    expect(searched.body.runs.map((run: any) => run.info.run_id)).toEqual([runId]);

    const { body: elsewhere } = await call('POST', 'experiments/create', { name: 'plain' });
    const { body: plainRun } = await call('POST', 'runs/create', { experiment_id: elsewhere.experiment_id });
    const everywhere = await call('POST', 'runs/search', { max_results: 500 });
    expect(everywhere.body.runs.map((run: any) => run.info.run_id)).toEqual(
      expect.arrayContaining([runId, plainRun.run.info.run_id]),
    );
    const experiments = await call('POST', 'experiments/search', {});
    expect(experiments.body.experiments.map((e: any) => e.experiment_id)).toEqual(
      expect.arrayContaining([experimentId, elsewhere.experiment_id]),
    );
    // The project tag the api shows is one the filter reads, and its id one it compares.
    const inChurn = await call('POST', 'experiments/search', {
      filter: `tags.mnemo.project = 'churn' AND experiment_id = '${experimentId}'`,
    });
    expect(inChurn.body.experiments.map((e: any) => e.experiment_id)).toEqual([experimentId]);
    const notInChurn = await call('POST', 'experiments/search', { filter: 'tags.mnemo.project IS NULL' });
    expect(notInChurn.body.experiments.map((e: any) => e.experiment_id)).toEqual(
      expect.arrayContaining([elsewhere.experiment_id]),
    );
    expect(notInChurn.body.experiments.map((e: any) => e.experiment_id)).not.toContain(experimentId);

    // Renaming, deleting and restoring take the same ids.
    expect(
      (await call('POST', 'experiments/update', { experiment_id: experimentId, new_name: 'churn/renamed' })).status,
    ).toBe(200);
    expect((await call('POST', 'experiments/delete', { experiment_id: experimentId })).status).toBe(200);
    const deleted = await call('GET', 'experiments/get', { experiment_id: experimentId });
    expect(deleted.body.experiment).toMatchObject({ name: 'churn/renamed', lifecycle_stage: 'deleted' });
    expect((await call('POST', 'experiments/restore', { experiment_id: experimentId })).status).toBe(200);
  });

  it('refuses an unknown project named by the tag (INVALID_PARAMETER_VALUE) and writes nothing', async () => {
    const before = await harness.snapshot();
    const refused = await call('POST', 'experiments/create', {
      name: 'lost',
      tags: [{ key: 'mnemo.project', value: 'no-such-project' }],
    });
    expect(refused).toEqual({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('no-such-project') },
    });
    const unknownId = await call('POST', 'runs/create', { experiment_id: 'payments~nothing-here' });
    expect(unknownId).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    expect(await harness.snapshot()).toEqual(before);
  });
});
