import { randomUUID } from 'node:crypto';
import { expectRefusedWithoutChange, type Harness, startHarness } from '../test-support/harness';

/**
 * A migration of some columns reaches only what is computed from them (column lineage, sent by
 * OpenLineage's columnLineage facet): raw.orders (id, amount, note) → stg.orders (order_id ← id,
 * amount ← amount) → mart.revenue (total ← SUM(amount)).
 */
let harness: Harness;
let raw: string;
let stg: string;
let mart: string;

type Columns = Record<string, [table: string, column: string][]>;
const table = (name: string, columns: string[], derived?: Columns) => ({
  namespace: 'cols-db',
  name,
  facets: {
    schema: { _producer: 'test', _schemaURL: 'x', fields: columns.map((c) => ({ name: c, type: 'string' })) },
    ...(derived && {
      columnLineage: {
        _producer: 'test',
        _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
        fields: Object.fromEntries(
          Object.entries(derived).map(([column, from]) => [
            column,
            { inputFields: from.map(([source, field]) => ({ namespace: 'cols-db', name: source, field })) },
          ]),
        ),
      },
    }),
  },
});
const job = (name: string, hour: number, input: object, output: object) => ({
  producer: 'https://example.org/test',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: randomUUID() },
  job: { namespace: 'cols', name },
  eventType: 'COMPLETE',
  eventTime: `2026-11-05T${hour}:00:00Z`,
  inputs: [input],
  outputs: [output],
});

beforeAll(async () => {
  harness = await startHarness();
  const staging = job(
    'stg_orders',
    10,
    table('raw.orders', ['id', 'amount', 'note']),
    table('stg.orders', ['order_id', 'amount'], {
      order_id: [['raw.orders', 'id']],
      amount: [['raw.orders', 'amount']],
    }),
  );
  const revenue = job(
    'revenue',
    11,
    table('stg.orders', ['order_id', 'amount']),
    table('mart.revenue', ['total'], { total: [['stg.orders', 'amount']] }),
  );
  for (const event of [staging, revenue]) {
    const response = await fetch(harness.url.replace(/\/graphql$/, '/api/v1/lineage'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(201);
  }
  const versionsOf = async (event: { run: { runId: string } }) => {
    const { run } = await harness.ok(
      `query($id: ID!) { run(id: $id) { inputs { version { ... on DatasetVersion { id } } } outputs { ... on DatasetVersion { id } } } }`,
      { id: `run:${event.run.runId.replace(/-/g, '')}` },
    );
    return [run.inputs[0].version.id as string, run.outputs[0].id as string];
  };
  [raw, stg] = await versionsOf(staging);
  mart = (await versionsOf(revenue))[1];
}, 120_000);
afterAll(() => harness.close());

const plan = async (columns: string[]) => {
  const { planMigration } = await harness.ok(
    `mutation($t: ID!, $c: [String!]) { planMigration(target: $t, kind: RETYPE_COLUMNS, columns: $c, effectiveAt: "2027-01-01T00:00:00Z") {
      id columns status { planned { items { id depth why } } } } }`,
    { t: raw, c: columns },
  );
  return planMigration;
};

describe('a migration of some columns', () => {
  it('reaches the versions holding columns computed from them, and what is downstream of those', async () => {
    const migration = await plan(['amount']);
    const items = migration.status.planned.items as { id: string; depth: number; why: string[] }[];
    expect(items.find((item) => item.id === stg)).toEqual({ id: stg, depth: 1, why: [stg, raw] });
    expect(items.map((item) => item.id)).toContain(mart);
    expect(items.every((item) => item.why[item.why.length - 1] === raw)).toBe(true);
  });

  it('reaches nothing when nothing is computed from them', async () => {
    const migration = await plan(['note']);
    expect(migration.columns).toEqual(['note']);
    expect(migration.status.planned.items).toEqual([]);
  });

  it('refuses a column the version does not have, naming the ones it has, and changes nothing', async () => {
    const { code, message } = await expectRefusedWithoutChange(
      harness,
      `mutation($t: ID!) { planMigration(target: $t, kind: DROP, columns: ["amout"], effectiveAt: "2027-01-01T00:00:00Z") { id } }`,
      { t: raw },
    );
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toContain('has no column "amout"; it has amount, id, note.');
  });
});
