import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProfiledPlan } from 'neo4j-driver';
import { cypher } from '../platform/cypher';
import { statementsOf } from '../platform/migrations';
import { runStatement } from '../platform/statement';
import { digestOf } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';

/**
 * A dataset's versions are found by when they were written through an index (migration 020), so what
 * an OpenLineage event costs does not grow with how many versions the tables it reads have: a table
 * written hourly holds ~10,000 after a year. Counted in Neo4j's db hits (PROFILE), not timed.
 */
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation {
    createProject(input: { slug: "vt", name: "Versions by time" }) { id }
  }`);
  await harness.ok(`mutation {
    small: registerDataset(input: { projectId: "project:vt", slug: "small", name: "Small" }) { id }
    big: registerDataset(input: { projectId: "project:vt", slug: "big", name: "Big" }) { id }
    createExperiment(input: { projectId: "project:vt", slug: "load", name: "Load" }) { id }
  }`);
  await harness.ok(`mutation { startRun(input: { id: "run:vt-load", experimentId: "experiment:vt/load" }) { id } }`);
  await register('small', 3);
  await register('big', 300);
  // With their producer's time, as OpenLineage registers them (the same as their registration time here).
  await harness.db.runScript(
    `MATCH (v:DatasetVersion) WHERE v.datasetId STARTS WITH 'dataset:vt/' SET v.writtenAt = toString(v.createdAt)`,
  );
});
afterAll(() => harness.close());

/** `count` versions of a dataset, every other one written by a run, registered in that order. */
async function register(slug: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 50) {
    const aliases = Array.from({ length: Math.min(50, count - from) }, (_, k) => {
      const i = from + k;
      const run = i % 2 === 0 ? ', generatedByRunId: "run:vt-load"' : '';
      return `v${i}: registerDatasetVersion(input: { datasetId: "dataset:vt/${slug}", version: "${i}", digest: "${digestOf(`${slug}-${i}`)}"${run} }) { id }`;
    });
    await harness.ok(`mutation { ${aliases.join('\n')} }`);
  }
}

const dbHits = (plan: ProfiledPlan): number =>
  plan.dbHits + plan.children.reduce((sum, child) => sum + dbHits(child), 0);

/** Cypher text sent as the api sends a named query inside a command (one parameter map). */
async function asTheApiSends(text: string, params: Record<string, unknown>) {
  const session = harness.db.driver.session();
  try {
    return await session.executeWrite((tx) => runStatement(tx, text, params, 'one-map'));
  } finally {
    await session.close();
  }
}

/** The db hits of a named query, as the api sends it. */
async function hitsOf(name: string, params: Record<string, unknown>): Promise<number> {
  const result = await asTheApiSends(`PROFILE ${cypher(name)}`, params);
  return dbHits(result.summary.profile as ProfiledPlan);
}

/** What each lookup costs for the dataset of that slug, asked about now. */
async function lookups(slug: string) {
  const datasetId = `dataset:vt/${slug}`;
  const now = new Date(Date.now() + 60_000).toISOString();
  return {
    currentForAnEvent: await hitsOf('openlineage/plan-event', {
      eventId: 'nothing',
      ids: [datasetId],
      runId: null,
      inputDatasetIds: [datasetId],
      eventTime: now,
    }),
    latestWritten: await hitsOf('versions/written-current-at', { datasetIds: [datasetId], at: now }),
    observedReaders: await hitsOf('versions/observed-readers', {
      versionId: `${datasetId}@0`,
      projectId: 'project:vt',
    }),
  };
}

describe("a dataset's versions by time", () => {
  it('are found with as many db hits for a table of 300 versions as for one of 3', async () => {
    const small = await lookups('small');
    const big = await lookups('big');
    // Reading every version costs ~100 times as many more hits as there are versions more (297); an
    // index entry or two does not.
    for (const lookup of Object.keys(small) as (keyof typeof small)[]) {
      expect({ lookup, extra: big[lookup] - small[lookup] < 30 }).toEqual({ lookup, extra: true });
    }
  });

  it('still find the latest version and the latest a run wrote', async () => {
    const [row] = await harness.db.runScript(
      `MATCH (v:DatasetVersion {datasetId: 'dataset:vt/big'})
       RETURN v.id AS latest ORDER BY v.writtenTime DESC, v.id DESC LIMIT 1`,
    );
    expect(row.latest).toBe('dataset:vt/big@299');
    const at = new Date(Date.now() + 60_000).toISOString();
    const written = await asTheApiSends(cypher('versions/written-current-at'), { datasetIds: ['dataset:vt/big'], at });
    expect(written.records.map((record) => record.get('id'))).toEqual(['dataset:vt/big@298']);
  });

  it('made before migration 020 are given their dataset and written time by it, as a new version has them', async () => {
    const stamped = () =>
      harness.db.runScript(
        `MATCH (v:DatasetVersion {datasetId: 'dataset:vt/small'})
         RETURN v.id AS id, v.datasetId AS datasetId, v.writtenTime AS writtenTime ORDER BY id`,
      );
    const made = await stamped();
    expect(made).toHaveLength(3);
    await harness.db.runScript(
      `MATCH (v:DatasetVersion {datasetId: 'dataset:vt/small'}) REMOVE v.datasetId, v.writtenTime`,
    );
    const migration = readFileSync(
      path.resolve(__dirname, '../../../../cypher/migrations/020-dataset-versions-by-time.cypher'),
      'utf8',
    );
    for (const statement of statementsOf(migration)) await harness.db.runScript(statement);
    expect(await stamped()).toEqual(made);
  });
});
