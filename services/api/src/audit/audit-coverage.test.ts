import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CYPHER_DIR } from '../platform/cypher';
import { digestOf } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { mnemoSchema } from '../schema';

/**
 * One successful call of every mutation in the schema, in an order where each finds what it needs,
 * with the entity its audit event must name. A mutation added to the schema without an entry here
 * fails the first test; one that writes no audit event fails the second.
 */
interface AuditedCall {
  query: string;
  variables?: Record<string, unknown>;
  entityId: string;
}

const RUN = 'run:audit-coverage-1';
const MODEL_VERSION = 'model:cov/classifier@1';

const CALLS: [mutation: string, call: AuditedCall][] = [
  [
    'createProject',
    { query: `mutation { createProject(input: { slug: "cov", name: "Coverage" }) { id } }`, entityId: 'project:cov' },
  ],
  [
    'createTeam',
    {
      query: `mutation { createTeam(input: { slug: "cov-team", name: "Coverage team" }) { id } }`,
      entityId: 'team:cov-team',
    },
  ],
  [
    'createUser',
    {
      query: `mutation { createUser(input: { handle: "cov-user", name: "Coverage user" }) { id } }`,
      entityId: 'user:cov-user',
    },
  ],
  [
    'registerDataset',
    {
      query: `mutation { registerDataset(input: { projectId: "project:cov", slug: "rows", name: "Rows" }) { id } }`,
      entityId: 'dataset:cov/rows',
    },
  ],
  [
    'registerDatasetVersion',
    {
      query: `mutation($d: String!) { registerDatasetVersion(input: { datasetId: "dataset:cov/rows", version: "1", digest: $d }) { id } }`,
      variables: { d: digestOf('rows-1') },
      entityId: 'dataset:cov/rows@1',
    },
  ],
  [
    'registerFeatureSet',
    {
      query: `mutation { registerFeatureSet(input: { projectId: "project:cov", slug: "feats", name: "Features" }) { id } }`,
      entityId: 'featureset:cov/feats',
    },
  ],
  [
    'registerFeatureSetVersion',
    {
      query: `mutation($d: String!) { registerFeatureSetVersion(input: { featureSetId: "featureset:cov/feats", version: "1", digest: $d, derivedFromIds: ["dataset:cov/rows@1"] }) { id } }`,
      variables: { d: digestOf('feats-1') },
      entityId: 'featureset:cov/feats@1',
    },
  ],
  [
    'createExperiment',
    {
      query: `mutation { createExperiment(input: { projectId: "project:cov", slug: "exp", name: "Experiment" }) { id } }`,
      entityId: 'experiment:cov/exp',
    },
  ],
  [
    'startRun',
    {
      query: `mutation($id: ID!) { startRun(input: { id: $id, experimentId: "experiment:cov/exp" }) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
    },
  ],
  [
    'logParams',
    {
      query: `mutation($id: ID!) { logParams(runId: $id, params: [{ key: "lr", value: "0.1" }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
    },
  ],
  [
    'logMetrics',
    {
      query: `mutation($id: ID!) { logMetrics(runId: $id, metrics: [{ key: "auc", value: 0.9, step: 1 }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
    },
  ],
  [
    'setTags',
    {
      query: `mutation($id: ID!) { setTags(runId: $id, tags: [{ key: "team", value: "cov" }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
    },
  ],
  [
    'recordRunInputs',
    {
      query: `mutation($id: ID!) { recordRunInputs(runId: $id, inputs: [{ versionId: "featureset:cov/feats@1", role: "training" }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
    },
  ],
  [
    'registerModel',
    {
      query: `mutation { registerModel(input: { projectId: "project:cov", slug: "classifier", name: "Classifier" }) { id } }`,
      entityId: 'model:cov/classifier',
    },
  ],
  [
    'registerModelVersion',
    {
      query: `mutation($id: ID!, $d: String!) { registerModelVersion(input: { modelId: "model:cov/classifier", runId: $id, digest: $d }) { id } }`,
      variables: { id: RUN, d: digestOf('model-1') },
      entityId: MODEL_VERSION,
    },
  ],
  [
    'finishRun',
    {
      query: `mutation($id: ID!) { finishRun(input: { runId: $id, status: FINISHED }) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
    },
  ],
  [
    'createDeployment',
    {
      query: `mutation($mv: ID!) { createDeployment(input: { projectId: "project:cov", slug: "dev", name: "Dev", environment: DEV, modelVersionId: $mv }) { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: 'deployment:cov/dev',
    },
  ],
  [
    'addReview',
    {
      query: `mutation($mv: ID!) { addReview(input: { entityId: $mv, objective: "Beat the baseline", method: "Held-out rows", confidence: HIGH, decision: APPROVED }) { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: MODEL_VERSION,
    },
  ],
  [
    'setPromotionPolicy',
    {
      query: `mutation { setPromotionPolicy(projectId: "project:cov", environment: DEV, policy: "gates: []") { source } }`,
      entityId: 'project:cov',
    },
  ],
  [
    'approvePromotion',
    {
      query: `mutation($mv: ID!) { approvePromotion(modelVersionId: $mv, environment: DEV, rationale: "Looks right") { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: MODEL_VERSION,
    },
  ],
  [
    'promoteModelVersion',
    {
      query: `mutation($mv: ID!) { promoteModelVersion(id: $mv, environment: DEV) { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: MODEL_VERSION,
    },
  ],
  [
    'loadMetadataTemplate',
    {
      query: `mutation($yaml: String!) { loadMetadataTemplate(projectId: "project:cov", kind: "deployment", yaml: $yaml) { source } }`,
      variables: { yaml: 'kind: deployment\nrequired: [name, environment]\n' },
      entityId: 'project:cov',
    },
  ],
  [
    'setMetadata',
    {
      query: `mutation { setMetadata(entityId: "dataset:cov/rows", metadata: [{ key: "classification", value: "internal" }]) { id } }`,
      entityId: 'dataset:cov/rows',
    },
  ],
  [
    'recordDataQualityChecks',
    {
      query: `mutation($id: ID!) { recordDataQualityChecks(runId: $id, checks: [{ name: "rows > 0", passed: true, value: 3 }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
    },
  ],
];

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
      const result = await call(requestId, audited);
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
        JSON.stringify({ query: audited.query, variables: audited.variables ?? {} }).replace(
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
