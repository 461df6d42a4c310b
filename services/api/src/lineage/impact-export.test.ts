import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadDemoOrganisation } from '../demo/demo-organisation';
import { type Harness, startHarness } from '../test-support/harness';
import { IMPACT_EXPORT_QUERY } from './impact-export';

const CLI = path.resolve(__dirname, '../../dist/cli/main.js');
const TARGET = 'dataset:churn/transactions-raw@2026-10';
let harness: Harness;
let base: string;

beforeAll(async () => {
  harness = await startHarness();
  await loadDemoOrganisation(harness.db, () => {});
  base = harness.url.replace(/\/graphql$/, '');
}, 420_000); // the demo load takes 1–2.5 min on a busy 2-core machine
afterAll(() => harness.close());

const download = (id: string, query = '') => fetch(`${base}/api/impact/${encodeURIComponent(id)}${query}`);

describe('impact exports', () => {
  it('JSON is exactly the GraphQL report', async () => {
    const graphql = await harness.ok(IMPACT_EXPORT_QUERY, { target: TARGET });
    const response = await download(TARGET, '?format=json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const json = (await response.json()) as any;
    expect(json).toEqual(graphql.impact);
    expect(json.total).toBeGreaterThan(10);
    expect(json.productionDeploymentsAtRisk.length).toBeGreaterThan(0);
  });

  it('CSV parses and has one row per affected item, agreeing with the report', async () => {
    const { impact } = await harness.ok(IMPACT_EXPORT_QUERY, { target: TARGET });
    const text = await (await download(TARGET, '?format=csv')).text();
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows).toHaveLength(impact.total);
    expect(rows.map((r) => r.id)).toEqual(impact.affected.map((a: { node: { id: string } }) => a.node.id));
    const prod = rows.filter((r) => r.production_at_risk === 'yes').map((r) => r.id);
    expect(prod).toEqual(impact.productionDeploymentsAtRisk.map((a: { node: { id: string } }) => a.node.id));
    expect(rows.every((r) => r.why.endsWith(TARGET))).toBe(true);
  });

  it('Markdown names the production deployments at risk and the owners to notify', async () => {
    const { impact } = await harness.ok(IMPACT_EXPORT_QUERY, { target: TARGET });
    const md = await (await download(TARGET, '?format=md')).text();
    expect(md).toContain(`# Impact of changing \`${TARGET}\``);
    expect(md).toContain('## Production deployments at risk');
    for (const item of impact.productionDeploymentsAtRisk) expect(md).toContain(item.node.id);
    for (const { owner } of impact.ownersToNotify) expect(md).toContain(owner.id);
  });

  it('exports the report as the graph stood at a date (asOf): what came after is not in it, and Markdown says so', async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Something new downstream of the target, after `before`.
    const [datasetId] = TARGET.split('@');
    const { registerDatasetVersion: later } = await harness.ok(
      `mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`,
      { i: { datasetId, version: 'export-as-of', digest: `sha256:${'e'.repeat(64)}`, derivedFromIds: [TARGET] } },
    );
    const today = (await (await download(TARGET, '?format=json')).json()) as any;
    const then = (await (await download(TARGET, `?format=json&asOf=${encodeURIComponent(before)}`)).json()) as any;
    expect(then).toEqual((await harness.ok(IMPACT_EXPORT_QUERY, { target: TARGET, asOf: before })).impact);
    const ids = (report: any) => report.affected.map((item: { node: { id: string } }) => item.node.id);
    expect(ids(today)).toContain(later.id);
    expect(ids(then)).not.toContain(later.id);
    expect(then.total).toBe(today.total - 1);
    const md = await (await download(TARGET, `?format=md&asOf=${encodeURIComponent(before)}`)).text();
    expect(md).toContain(`As the graph stood at \`${before}\`.`);
    // Before the target existed, a date that is not one, and a column (today's only): refused in JSON.
    const early = await download(TARGET, '?format=md&asOf=2001-01-01');
    expect(early.status).toBe(404);
    expect(((await early.json()) as any).error.message).toContain('did not exist yet');
    const garbled = await download(TARGET, '?format=csv&asOf=last%20tuesday');
    expect(garbled.status).toBe(400);
    expect(((await garbled.json()) as any).error.code).toBe('BAD_USER_INPUT');
    const column = await download(`${TARGET}#amount`, `?format=json&asOf=${encodeURIComponent(before)}`);
    expect(column.status).toBe(400);
  });

  it('answers an unknown id with 404 and a bad format or depth with 400, in JSON', async () => {
    const unknown = await download('dataset:churn/nothing@1');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.code).toBe('NOT_FOUND');
    const badFormat = await download(TARGET, '?format=xlsx');
    expect(badFormat.status).toBe(400);
    const badDepth = await download(TARGET, '?maxDepth=-4');
    expect(badDepth.status).toBe(400);
    expect(((await badDepth.json()) as any).error.code).toBe('BAD_USER_INPUT');
  });
});

describe('mnemo impact (the CLI, as a real process)', () => {
  // Asynchronous on purpose: the api under test answers from this same process.
  const cli = (...args: string[]) => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm test builds it (npx tsc -b services/api)`);
    return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile('node', [CLI, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  };

  it('prints the Markdown report and exits 0', async () => {
    const result = await cli('impact', TARGET, '--url', base);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## Production deployments at risk');
  });

  it('exits 1 with --fail-on-prod when a production deployment is at risk', async () => {
    const result = await cli('impact', TARGET, '--url', base, '--fail-on-prod', '--format', 'csv');
    expect(result.status).toBe(1);
    expect(result.stdout.split('\r\n')[0]).toBe('id,kind,name,depth,environment,production_at_risk,owners,why');
    expect(result.stderr).toContain('production deployment(s) at risk');
  });

  it('exits 0 with --fail-on-prod when nothing in production depends on it', async () => {
    const result = await cli(
      'impact',
      'dataset:churn/support-tickets@2026-08',
      '--url',
      base,
      '--fail-on-prod',
      '--format',
      'json',
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).productionDeploymentsAtRisk).toEqual([]);
  });

  it('reports the graph as it stood at a date with --as-of, and says so', async () => {
    const result = await cli('impact', TARGET, '--url', base, '--as-of', new Date().toISOString().slice(0, 10));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/As the graph stood at `\d{4}-\d{2}-\d{2}`/);
    const early = await cli('impact', TARGET, '--url', base, '--as-of', '2001-01-01');
    expect(early.status).toBe(2);
    expect(early.stderr).toContain('did not exist yet');
  });

  it('exits 2 for an unknown id, bad arguments or an unreachable server, saying why', async () => {
    const unknown = await cli('impact', 'dataset:churn/ghost@1', '--url', base);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('NOT_FOUND');
    const badFormat = await cli('impact', TARGET, '--format', 'pdf', '--url', base);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain('--format');
    const unreachable = await cli('impact', TARGET, '--url', 'http://127.0.0.1:1');
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach');
  });
});
