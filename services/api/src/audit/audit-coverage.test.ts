import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CYPHER_DIR } from '../platform/cypher';
import { type Harness, startHarness } from '../test-support/harness';
import { type AuditedCall, CALLS } from '../test-support/mutation-calls';
import { mnemoSchema } from '../schema';

const mutationNames = () => Object.keys(mnemoSchema().getMutationType()?.getFields() ?? {}).sort();

interface StoredEvent {
  id: string;
  actor: string;
  entityId: string;
  requestId: string | null;
  projectId: string | null;
  [property: string]: unknown;
}

let harness: Harness;

async function call(requestId: string, { query, variables }: Pick<AuditedCall, 'query' | 'variables'>) {
  const response = await fetch(harness.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mnemo-actor': 'user:tester', 'x-request-id': requestId },
    body: JSON.stringify({ query, variables: variables ?? {} }),
  });
  expect(response.headers.get('x-request-id')).toBe(requestId);
  return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
}

/** A call's variables, with those its `prepare` reads from what earlier calls made. */
async function variablesOf(audited: AuditedCall): Promise<Record<string, unknown>> {
  const prepared = audited.prepare
    ? await audited.prepare(async (query) => (await call('prepare', { query })).data as Record<string, any>)
    : {};
  return { ...audited.variables, ...prepared };
}

async function allEvents(): Promise<StoredEvent[]> {
  const rows = await harness.db.runScript(
    'MATCH (e:AuditEvent) RETURN e {.*, at: toString(e.at)} AS event ORDER BY e.id',
  );
  return rows.map((row) => row.event as StoredEvent);
}

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness.close();
});

describe('audit coverage', () => {
  it('has a successful call for every mutation in the schema', () => {
    expect(CALLS.map(([name]) => name).sort()).toEqual(mutationNames());
  });

  it('writes an audit event for every mutation, naming the actor, the entity, its project and the request', async () => {
    for (const [name, audited] of CALLS) {
      const requestId = `coverage-${name}`;
      const result = await call(requestId, { query: audited.query, variables: await variablesOf(audited) });
      expect({ name, errors: result.errors }).toEqual({ name, errors: undefined });
      const events = (await allEvents()).filter((event) => event.requestId === requestId);
      expect({ name, audited: events.length > 0 }).toEqual({ name, audited: true });
      for (const event of events) {
        expect({ name, actor: event.actor }).toEqual({ name, actor: 'user:tester' });
      }
      expect({ name, entityIds: events.map((event) => event.entityId) }).toEqual({
        name,
        entityIds: expect.arrayContaining([audited.entityId]),
      });
      expect({ name, actions: events.map((event) => event.action) }).toEqual({
        name,
        actions: expect.arrayContaining([audited.action]),
      });
      const inProject = !['Team', 'User'].some((kind) => audited.entityId.startsWith(`${kind.toLowerCase()}:`));
      if (inProject) expect({ name, project: events[0].projectId }).toEqual({ name, project: 'project:cov' });
    }
  });

  it('lets no mutation change or remove an event already written', async () => {
    const before = await allEvents();
    expect(before.length).toBeGreaterThan(CALLS.length - 1);
    const target = before[0].id;
    // Every mutation again, with each id it names replaced by an audit event's id: the api must not
    // find an audit event as something to change (AuditEvent is not an Entity).
    for (const [name, audited] of CALLS) {
      const aimed = JSON.parse(
        JSON.stringify({ query: audited.query, variables: await variablesOf(audited) }).replace(
          /\\"(?:project|team|user|dataset|featureset|experiment|model|deployment|run):[^\\]*\\"|"(?:project|team|user|dataset|featureset|experiment|model|deployment|run):[^"]*"/g,
          (match) => (match.startsWith('\\') ? `\\"${target}\\"` : `"${target}"`),
        ),
      );
      const result = await call(`aimed-${name}`, aimed);
      expect({ name, refused: Boolean(result.errors?.length) }).toEqual({ name, refused: true });
    }
    const after = await allEvents();
    expect(after).toEqual(before);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const response = await fetch(harness.url.replace('/graphql', `/api/audit/${encodeURIComponent(target)}`), {
        method,
      });
      expect(response.status).toBe(404);
    }
    expect(await allEvents()).toEqual(before);
  });

  it('has no named query that updates, merges or deletes an audit event', () => {
    const queries = path.join(CYPHER_DIR, 'queries');
    const offenders: string[] = [];
    for (const area of readdirSync(queries)) {
      for (const file of readdirSync(path.join(queries, area))) {
        const text = readFileSync(path.join(queries, area, file), 'utf8').replace(/\/\/.*$/gm, '');
        if (!/AuditEvent/.test(text)) continue;
        const name = `${area}/${file}`;
        if (name === 'audit/record.cypher') continue; // the one writer: CREATE only
        if (/\b(SET|MERGE|DELETE|REMOVE|CREATE)\b/i.test(text)) offenders.push(name);
      }
    }
    expect(offenders).toEqual([]);
    const writer = readFileSync(path.join(queries, 'audit', 'record.cypher'), 'utf8').replace(/\/\/.*$/gm, '');
    expect(writer).not.toMatch(/\b(SET|MERGE|DELETE|REMOVE)\b/i);
  });
});
