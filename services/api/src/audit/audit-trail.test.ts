import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedChurnProject } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';

let harness: Harness;
const TRAIL = `query($entityId: ID, $actor: String, $projectId: ID, $since: DateTime, $until: DateTime, $first: Int, $after: ID) {
  auditTrail(entityId: $entityId, actor: $actor, projectId: $projectId, since: $since, until: $until, first: $first, after: $after) {
    id at actor action entityId projectId requestId
  }
}`;

interface Event {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityId: string;
  projectId: string | null;
  requestId: string | null;
}

async function trail(variables: Record<string, unknown>): Promise<Event[]> {
  return (await harness.ok<{ auditTrail: Event[] }>(TRAIL, variables)).auditTrail;
}

beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  await harness.ok(`mutation { createProject(input: { slug: "fraud", name: "Fraud" }) { id } }`);
  for (let i = 0; i < 7; i++) {
    await harness.gql(
      `mutation($slug: String!) { createExperiment(input: { projectId: "project:fraud", slug: $slug, name: $slug }) { id } }`,
      { slug: `exp-${i}` },
      i % 2 === 0 ? 'user:bob' : 'user:carol',
    );
  }
});

afterAll(async () => {
  await harness.close();
});

describe('auditTrail', () => {
  it('narrows by project, actor and entity, newest first', async () => {
    const fraud = await trail({ projectId: 'project:fraud' });
    expect(fraud).toHaveLength(8); // the project and its seven experiments
    expect(fraud.every((event) => event.projectId === 'project:fraud')).toBe(true);
    expect(fraud[fraud.length - 1].action).toBe('project.created');
    const times = fraud.map((event) => event.at);
    expect([...times].sort().reverse()).toEqual(times);

    const bob = await trail({ actor: 'user:bob' });
    expect(bob.map((event) => event.entityId).sort()).toEqual(
      ['experiment:fraud/exp-0', 'experiment:fraud/exp-2', 'experiment:fraud/exp-4', 'experiment:fraud/exp-6'].sort(),
    );
    expect(await trail({ actor: 'user:bob', projectId: 'project:churn' })).toEqual([]);

    const one = await trail({ entityId: 'experiment:fraud/exp-3' });
    expect(one).toMatchObject([{ action: 'experiment.created', actor: 'user:carol', projectId: 'project:fraud' }]);
    // Runs, versions and their parents find their project through the catalog edges.
    const churn = await trail({ projectId: 'project:churn' });
    expect(churn.map((event) => event.entityId)).toEqual(
      expect.arrayContaining(['dataset:churn/transactions', 'experiment:churn/xgb', 'model:churn/churn-classifier']),
    );
    expect((await trail({ entityId: 'team:risk-data' }))[0].projectId).toBeNull();
  });

  it('pages by the last event seen, without gaps or repeats, and keeps to a time window', async () => {
    const all = await trail({ first: 500 });
    const paged: Event[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Event[] = await trail({ first: 3, after });
      paged.push(...page);
      if (page.length < 3) break;
      after = page[page.length - 1].id;
    }
    expect(paged.map((event) => event.id)).toEqual(all.map((event) => event.id));

    const middle = all[Math.floor(all.length / 2)].at;
    const older = await trail({ until: middle, first: 500 });
    const newer = await trail({ since: middle, first: 500 });
    expect(older.length + newer.length).toBe(all.length);
    expect(older.every((event) => event.at < middle) && newer.every((event) => event.at >= middle)).toBe(true);
  });

  it('refuses a cursor that is not an event and a page size out of range, in GraphQL shape', async () => {
    const badCursor = await harness.gql(TRAIL, { after: 'audit:nope' });
    expect(badCursor.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    const badSize = await harness.gql(TRAIL, { first: 501 });
    expect(badSize.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('carries the caller request id, or a new one echoed in the response', async () => {
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mnemo-actor': 'user:dave', 'x-request-id': 'ci-job-42.step-3' },
      body: JSON.stringify({
        query: `mutation { createExperiment(input: { projectId: "project:fraud", slug: "traced", name: "Traced" }) { id } }`,
      }),
    });
    expect(response.headers.get('x-request-id')).toBe('ci-job-42.step-3');
    expect((await trail({ entityId: 'experiment:fraud/traced' }))[0].requestId).toBe('ci-job-42.step-3');

    const unsafe = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'no spaces or <tags> please' },
      body: JSON.stringify({ query: '{ auditTrail(first: 1) { id } }' }),
    });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /api/audit/export', () => {
  const exportUrl = (query: string) => harness.url.replace('/graphql', `/api/audit/export?${query}`);

  it('streams the selection as JSON lines, every page of it', async () => {
    const response = await fetch(exportUrl('projectId=project%3Afraud'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text()).trimEnd().split('\n');
    const events = lines.map((line) => JSON.parse(line) as Event);
    const viaGraphQL = await trail({ projectId: 'project:fraud', first: 500 });
    expect(events.map((event) => event.id)).toEqual(viaGraphQL.map((event) => event.id));
    expect(events[0]).toMatchObject({ projectId: 'project:fraud', actor: expect.any(String), before: null });
  });

  it('answers bad input with a JSON error before streaming anything', async () => {
    const response = await fetch(exportUrl('since=yesterday'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'BAD_USER_INPUT', message: 'since must be an ISO 8601 date-time; got "yesterday".' },
    });
    const twice = await fetch(exportUrl('actor=a&actor=b'));
    expect(twice.status).toBe(400);
  });
});

describe('mnemo audit export (the CLI, as a real process)', () => {
  const CLI = path.resolve(__dirname, '../../dist/cli/main.js');
  // Asynchronous on purpose: the api under test answers from this same process.
  const cli = (...args: string[]) => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm test builds it (npx tsc -b services/api)`);
    return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile('node', [CLI, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  };
  const base = () => harness.url.replace('/graphql', '');

  it('writes the selection to a file as JSON lines and reports the count', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'mnemo-audit-')), 'fraud.jsonl');
    const result = await cli('audit', 'export', '--project', 'project:fraud', '--out', out, '--url', base());
    expect(result).toMatchObject({ status: 0, stdout: '' });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(result.stderr).toContain(`exported ${lines.length} audit events`);
    expect(lines.map((line) => JSON.parse(line).projectId)).toEqual(lines.map(() => 'project:fraud'));
  });

  it('exits 2 with the reason on a bad filter, a bad option or an unreachable server', async () => {
    const badFilter = await cli('audit', 'export', '--since', 'last week', '--url', base());
    expect(badFilter.status).toBe(2);
    expect(badFilter.stderr).toContain('BAD_USER_INPUT: since must be an ISO 8601 date-time');
    const badOption = await cli('audit', 'export', '--colour', 'blue');
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toContain('unknown option --colour');
    const down = await cli('audit', 'export', '--url', 'http://127.0.0.1:9');
    expect(down.status).toBe(2);
    expect(down.stderr).toContain('cannot reach the Mnemo server at http://127.0.0.1:9');
  });
});
