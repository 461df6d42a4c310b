import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import { type Harness, startHarness } from './test-support/harness';

/**
 * Every mutation, fuzzed (issue 18): variables generated from the schema's own input types — the
 * right shapes with odd contents (empty, long, path-like, unknown ids, ids of things that exist,
 * extreme numbers) — so each call passes GraphQL's validation and reaches the command behind it.
 * A caller's mistake is answered with a GraphQL error carrying a client code, never
 * INTERNAL_SERVER_ERROR or an HTTP 5xx, and a refused mutation leaves the graph as it was.
 */
const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../../schema/schema.graphql'), 'utf8'));
const mutations = Object.values(schema.getMutationType()!.getFields());

let harness: Harness;

/** Ids of things that exist, so generated calls sometimes name a real target. */
const EXISTING = [
  'project:fuzz',
  'dataset:fuzz/orders',
  'dataset:fuzz/orders@1',
  'experiment:fuzz/training',
  'user:fuzzer',
  'team:fuzzers',
];

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation {
    createProject(input: { slug: "fuzz", name: "Fuzz" }) { id }
    createUser(input: { handle: "fuzzer", name: "Fuzzer" }) { id }
    createTeam(input: { slug: "fuzzers", name: "Fuzzers" }) { id }
  }`);
  await harness.ok(`mutation {
    registerDataset(input: { projectId: "project:fuzz", slug: "orders", name: "Orders" }) { id }
    createExperiment(input: { projectId: "project:fuzz", slug: "training", name: "Training" }) { id }
  }`);
  await harness.ok(`mutation {
    registerDatasetVersion(input: { datasetId: "dataset:fuzz/orders", version: "1", digest: "sha256:${'a'.repeat(64)}" }) { id }
  }`);
});
afterAll(() => harness.close());

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(20_000),
    '../../etc',
    '%E0%A4%A',
    'a:b:c',
    '\u0000\u202e',
    'sha256:zz',
    ...EXISTING,
  ),
);

/** A value of a GraphQL input type, in the shape the type allows. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, depth);
  if (isListType(type)) return fc.array(valueOf(type.ofType, depth + 1), { maxLength: depth > 1 ? 1 : 3 });
  const named = getNamedType(type);
  if (isEnumType(named)) return fc.constantFrom(...named.getValues().map((value) => value.name));
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) record[field.name] = valueOf(field.type, depth + 1);
    const required = fields.filter((field) => isNonNullType(field.type)).map((field) => field.name);
    return fc.record(record, { requiredKeys: required });
  }
  switch (named.name) {
    case 'Int':
      return fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648));
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e300, -1e-300));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.constantFrom('2026-11-01T10:00:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z');
    default:
      return text;
  }
}

/** One call of a mutation, its arguments as variables, asking only for __typename (or the leaf it returns). */
function operationOf(mutation: (typeof mutations)[number]): string {
  const variables = mutation.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = mutation.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isLeafType(getNamedType(mutation.type)) ? '' : ' { __typename }';
  return `mutation${variables ? `(${variables})` : ''} { ${mutation.name}${args ? `(${args})` : ''}${selection} }`;
}

const calls = fc.constantFrom(...mutations).chain((mutation) =>
  fc.record(Object.fromEntries(mutation.args.map((arg) => [arg.name, valueOf(arg.type)]))).map((variables) => ({
    name: mutation.name,
    query: operationOf(mutation),
    variables,
  })),
);

describe('every mutation, fuzzed', () => {
  it('answers generated calls without a server error, and changes nothing when it refuses one', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(calls, async ({ name, query, variables }) => {
        const before = await harness.counts();
        const response = await fetch(harness.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-mnemo-actor': 'user:fuzzer' },
          body: JSON.stringify({ query, variables }),
        });
        const answer = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        const codes = (answer.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
        for (const code of codes.length ? codes : ['answered']) outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
        expect([name, response.status < 500, codes.includes('INTERNAL_SERVER_ERROR')]).toEqual([name, true, false]);
        if (codes.length > 0) expect([name, await harness.counts()]).toEqual([name, before]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    // The calls reach the commands: most are refused by their checks, not by GraphQL's validation.
    const validationRefused = outcomes.get('GRAPHQL_VALIDATION_FAILED') ?? 0;
    const total = [...outcomes.values()].reduce((sum, count) => sum + count, 0);
    expect([Object.fromEntries(outcomes), validationRefused < total / 2]).toEqual([Object.fromEntries(outcomes), true]);
  }, 240_000);
});
