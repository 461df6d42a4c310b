import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type Harness, startHarness } from '../test-support/harness';

/**
 * Malformed OpenLineage events (issue 18's fuzzing, for the lineage endpoint): generated damage to
 * a well-formed RunEvent — wrong types, missing parts, odd strings — anywhere a producer's event
 * carries meaning (run, job, datasets and the facets Mnemo maps). A client's mistake is a 4xx with
 * `{ error }`, never a 5xx, and a refused event leaves the graph as it was; an event taken in spite
 * of the damage is taken whole (its answer says what was tolerated).
 */
let harness: Harness;
let base: string;

beforeAll(async () => {
  harness = await startHarness();
  base = harness.url.replace('/graphql', '');
});
afterAll(() => harness.close());

async function post(body: unknown) {
  const response = await fetch(`${base}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { unparsed: text.slice(0, 200) };
  }
  return { status: response.status, body: parsed };
}

const schema = (...names: string[]) => ({ schema: { fields: names.map((name) => ({ name, type: 'int' })) } });

/** A well-formed event of a job reading one table and writing another, with the facets Mnemo maps. */
function wellFormed() {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-11-10T10:00:00Z',
    producer: 'https://example.org/fuzz',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: {
      runId: randomUUID(),
      facets: { parent: { run: { runId: randomUUID() }, job: { namespace: 'fuzz', name: 'parent' } } },
    },
    job: {
      namespace: 'fuzz',
      name: `job_${randomUUID().slice(0, 8)}`,
      facets: { jobType: { processingType: 'BATCH', integration: 'SPARK', jobType: 'JOB' } },
    },
    inputs: [
      {
        namespace: 'postgres://fuzz:5432',
        name: 'public.source',
        facets: { ...schema('id', 'amount'), symlinks: { identifiers: [] } },
        inputFacets: {
          dataQualityAssertions: { assertions: [{ assertion: 'not_null', success: true, column: 'id' }] },
        },
      },
    ],
    outputs: [
      {
        namespace: 'postgres://fuzz:5432',
        name: 'public.target',
        facets: {
          ...schema('id', 'total'),
          documentation: { description: 'fuzzed' },
          ownership: { owners: [{ name: 'user:nobody' }] },
          columnLineage: {
            fields: {
              total: { inputFields: [{ namespace: 'postgres://fuzz:5432', name: 'public.source', field: 'amount' }] },
            },
          },
        },
        outputFacets: { outputStatistics: { rowCount: 10 } },
      },
    ],
  };
}

/** Where damage goes: every part whose meaning Mnemo reads. */
const PATHS: (string | number)[][] = [
  ['eventType'],
  ['eventTime'],
  ['producer'],
  ['run'],
  ['run', 'runId'],
  ['run', 'facets'],
  ['run', 'facets', 'parent'],
  ['run', 'facets', 'parent', 'run', 'runId'],
  ['run', 'facets', 'parent', 'job'],
  ['job'],
  ['job', 'namespace'],
  ['job', 'name'],
  ['job', 'facets'],
  ['job', 'facets', 'jobType'],
  ['inputs'],
  ['inputs', 0],
  ['inputs', 0, 'namespace'],
  ['inputs', 0, 'name'],
  ['inputs', 0, 'facets', 'schema'],
  ['inputs', 0, 'facets', 'schema', 'fields'],
  ['inputs', 0, 'facets', 'schema', 'fields', 0],
  ['inputs', 0, 'facets', 'symlinks', 'identifiers'],
  ['inputs', 0, 'inputFacets', 'dataQualityAssertions', 'assertions'],
  ['inputs', 0, 'inputFacets', 'dataQualityAssertions', 'assertions', 0],
  ['outputs'],
  ['outputs', 0, 'name'],
  ['outputs', 0, 'facets', 'documentation'],
  ['outputs', 0, 'facets', 'ownership', 'owners'],
  ['outputs', 0, 'facets', 'columnLineage', 'fields'],
  ['outputs', 0, 'facets', 'columnLineage', 'fields', 'total', 'inputFields'],
  ['outputs', 0, 'facets', 'columnLineage', 'fields', 'total', 'inputFields', 0],
  ['outputs', 0, 'outputFacets', 'outputStatistics', 'rowCount'],
  ['dataset'],
];

const odd = fc.constantFrom(
  '',
  ' ',
  'x'.repeat(5_000),
  '../../etc/passwd',
  '%E0%A4%A',
  'NaN',
  '1e300',
  '2026-13-45T99:99:99Z',
  '00000000-0000-0000-0000-000000000000',
  'START',
  'user:',
  'dataset:x/y@z',
  '\u0000\u202e',
);
/** Any JSON value, a few levels deep, or one of the strings above; undefined removes the part. */
const damage = fc.oneof(fc.jsonValue({ maxDepth: 3 }), odd, fc.constant(undefined));

function damaged(event: Record<string, any>, path: (string | number)[], value: unknown) {
  let parent: any = event;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return event;
    parent = parent[key];
  }
  if (parent === null || typeof parent !== 'object') return event;
  const last = path[path.length - 1];
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return event;
}

describe('malformed OpenLineage events', () => {
  it('are answered 4xx with { error }, never 5xx, and change nothing when refused', async () => {
    const hits = fc.array(fc.tuple(fc.constantFrom(...PATHS), damage), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(hits, async (changes) => {
        const event = changes.reduce<Record<string, any>>(
          (sent, [path, value]) => damaged(sent, path, value),
          wellFormed(),
        );
        const before = await harness.counts();
        const answer = await post(event);
        expect([changes, answer.status < 500, answer.body]).toEqual([changes, true, answer.body]);
        if (answer.status >= 400) {
          expect(answer.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
          expect(await harness.counts()).toEqual(before);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  }, 180_000);
});
