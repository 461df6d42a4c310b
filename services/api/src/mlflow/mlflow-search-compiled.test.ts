import { type Harness, startHarness } from '../test-support/harness';
import { mlflowCaller } from '../test-support/mlflow-calls';

/**
 * search_experiments and search_registered_models compiled to Cypher (issue 19): filter, order_by,
 * view type and pages are the database's work, so a page costs the same queries however many match.
 */
let harness: Harness;

const call = mlflowCaller(() => harness);

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

/** Every page of a search, each page's names and the queries it cost. */
async function everyPage(
  endpoint: string,
  list: string,
  search: Record<string, unknown>,
): Promise<{ pages: string[][]; trips: number[] }> {
  const pages: string[][] = [];
  const trips: number[] = [];
  let token: string | undefined;
  do {
    harness.roundTrips.reset();
    const { status, body } = await call('POST', endpoint, { ...search, ...(token ? { page_token: token } : {}) });
    expect(status).toBe(200);
    trips.push(harness.roundTrips.count);
    pages.push((body[list] ?? []).map((item: { name: string }) => item.name));
    token = body.next_page_token;
  } while (token && pages.length < 50);
  return { pages, trips };
}

describe("MLflow's search_experiments in the database", () => {
  const teams = ['churn', 'fraud', 'churn', 'ads', 'churn', 'churn', 'fraud', 'churn', 'ads', 'churn', 'churn'];
  const names = teams.map((_, i) => `exp-${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    for (const [i, name] of names.entries()) {
      const { status } = await call('POST', 'experiments/create', {
        name,
        tags: [
          { key: 'team', value: teams[i] },
          ...(i % 3 === 0 ? [{ key: 'data set', value: i % 2 ? 'Lake' : 'lake' }] : []),
        ],
      });
      expect(status).toBe(200);
    }
    await call('POST', 'experiments/create', { name: 'other' });
  }, 120_000);

  it('pages a tag filter to the end in name order, each page one query, no experiment twice', async () => {
    const churn = names.filter((_, i) => teams[i] === 'churn');
    const { pages, trips } = await everyPage('experiments/search', 'experiments', {
      filter: "name LIKE 'exp-%' AND tags.team = 'churn'",
      order_by: ['name DESC'],
      max_results: 2,
    });
    expect(pages.flat()).toEqual([...churn].reverse());
    expect(pages).toHaveLength(Math.ceil(churn.length / 2));
    expect(trips.every((count) => count === 1)).toBe(true);
  });

  it('reads backquoted tag keys, ILIKE and != in one filter', async () => {
    const { body } = await call('POST', 'experiments/search', {
      filter: "tags.`data set` ILIKE 'LA%' AND name != 'exp-03'",
      order_by: ['name'],
    });
    expect(body.experiments.map((e: { name: string }) => e.name)).toEqual(['exp-00', 'exp-06', 'exp-09']);
    const { body: cased } = await call('POST', 'experiments/search', {
      filter: "tags.`data set` LIKE 'La%'",
      order_by: ['name'],
    });
    expect(cased.experiments.map((e: { name: string }) => e.name)).toEqual(['exp-03', 'exp-09']);
  });

  it('orders by creation time both ways, newest first when no order is named', async () => {
    const search = async (order_by?: string[]) =>
      (await call('POST', 'experiments/search', { filter: "name LIKE 'exp-%'", ...(order_by ? { order_by } : {}) }))
        .body.experiments;
    const oldest = await search(['creation_time ASC']);
    const times = oldest.map((e: { creation_time: number }) => e.creation_time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(oldest.map((e: { name: string }) => e.name).sort()).toEqual(names);
    const newest = (await search(['last_update_time DESC'])).map((e: { creation_time: number }) => e.creation_time);
    expect(newest).toEqual([...times].sort((a, b) => b - a));
    const unordered = (await search()).map((e: { creation_time: number }) => e.creation_time);
    expect(unordered).toEqual(newest);
  });

  it('honours view types after a delete', async () => {
    const { body: found } = await call('POST', 'experiments/search', { filter: "name = 'exp-04'" });
    const id = found.experiments[0].experiment_id;
    await call('POST', 'experiments/delete', { experiment_id: id });
    const view = async (view_type: string) =>
      (await call('POST', 'experiments/search', { filter: "name LIKE 'exp-0%'", view_type, order_by: ['name'] })).body
        .experiments.length;
    expect(await view('ACTIVE_ONLY')).toBe(9);
    expect(await view('DELETED_ONLY')).toBe(1);
    expect(await view('ALL')).toBe(10);
    await call('POST', 'experiments/restore', { experiment_id: id });
  });
});

describe("MLflow's search_registered_models in the database", () => {
  beforeAll(async () => {
    const { body: experiment } = await call('POST', 'experiments/create', { name: 'registry training' });
    const { body: run } = await call('POST', 'runs/create', { experiment_id: experiment.experiment_id });
    for (let i = 0; i < 9; i++) {
      const name = `model-${i}`;
      await call('POST', 'registered-models/create', {
        name,
        tags: [{ key: 'task', value: i % 2 ? 'churn' : 'fraud' }],
      });
      // Model 4 gets a version last: its last_updated_timestamp is the newest of all.
      if (i === 4 || i === 7) {
        const versions = i === 4 ? 1 : 2;
        for (let v = 0; v < versions; v++)
          await call('POST', 'model-versions/create', {
            name,
            source: `runs:/${run.run.info.run_id}/model`,
            run_id: run.run.info.run_id,
          });
      }
    }
    await call('POST', 'model-versions/create', {
      name: 'model-4',
      source: `runs:/${run.run.info.run_id}/model`,
      run_id: run.run.info.run_id,
    });
  }, 120_000);

  it('pages a filter to the end in name order: one query a page, tags included, no model twice', async () => {
    const { pages, trips } = await everyPage('registered-models/search', 'registered_models', {
      filter: "name LIKE 'model-%' AND tags.task = 'churn'",
      max_results: 2,
    });
    expect(pages.flat()).toEqual(['model-1', 'model-3', 'model-5', 'model-7']);
    expect(pages).toHaveLength(2);
    expect(trips).toEqual([1, 1]);
  });

  it('orders by last_updated_timestamp, the newest version counting, and answers the versions', async () => {
    const { body } = await call('POST', 'registered-models/search', {
      filter: "name ILIKE 'MODEL-%'",
      order_by: ['last_updated_timestamp DESC', 'name'],
      max_results: 3,
    });
    // Model 8 was created after model 7's versions; model 4's second version came after both.
    expect(body.registered_models.map((m: { name: string }) => m.name)).toEqual(['model-4', 'model-8', 'model-7']);
    const [first] = body.registered_models;
    expect(first.latest_versions.map((v: { version: string }) => v.version)).toEqual(['2']);
    // `timestamp` is MLflow's other name for the last update; creation time is no order it takes.
    const { body: byTimestamp } = await call('POST', 'registered-models/search', {
      filter: "name LIKE 'model-%'",
      order_by: ['timestamp DESC'],
      max_results: 3,
    });
    expect(byTimestamp.registered_models).toEqual(body.registered_models);
    const refused = await call('POST', 'registered-models/search', { order_by: ['creation_timestamp DESC'] });
    expect(refused).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    expect(first.last_updated_timestamp).toBeGreaterThan(first.creation_timestamp);
    expect(first.tags).toEqual([{ key: 'task', value: 'fraud' }]);
  });

  it('leaves deleted models out and refuses a filter MLflow refuses', async () => {
    await call('DELETE', 'registered-models/delete', { name: 'model-8' });
    const { body } = await call('POST', 'registered-models/search', {
      filter: "name LIKE 'model-%'",
      order_by: ['name DESC'],
      max_results: 1,
    });
    expect(body.registered_models.map((m: { name: string }) => m.name)).toEqual(['model-7']);
    const refused = await call('POST', 'registered-models/search', { filter: "params.x = '1'" });
    expect(refused).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });
});
