import {
  changeSummary,
  columnRows,
  describesNoColumns,
  flagsOf,
  formatStat,
  nullableText,
  type SchemaChange,
  typeText,
  type VersionFlag,
} from './columns';

const stats = (column: string, mean: number | null = null) => ({
  column,
  count: 1000,
  nulls: 3,
  mean,
  std: null,
  distinct: null,
});

const change = (overrides: Partial<SchemaChange> = {}): SchemaChange => ({
  previousVersionId: 'dataset:p/events@1',
  changed: true,
  added: [],
  removed: [],
  retyped: [],
  ...overrides,
});

describe("a version's column rows", () => {
  test('follow the schema, mark added and retyped columns, and keep columns only the statistics name', () => {
    const rows = columnRows({
      id: 'dataset:p/events@2',
      kind: 'DatasetVersion',
      schema: [
        { name: 'id', type: 'string', nullable: false },
        { name: 'amount', type: 'double', nullable: null },
        { name: 'country', type: 'string', nullable: true },
      ],
      columnStats: [stats('amount', 12.5), stats('score', 0.5)],
      schemaChange: change({
        added: [{ name: 'country', type: 'string', nullable: true }],
        removed: [{ name: 'plan', type: 'string', nullable: null }],
        retyped: [{ name: 'id', from: 'int64', to: 'string' }],
      }),
    });
    expect(
      rows.map((row) => [row.name, typeText(row), nullableText(row.nullable), row.added, row.stats?.mean]),
    ).toEqual([
      ['id', 'int64 → string', 'no', false, undefined],
      ['amount', 'double', '—', false, 12.5],
      ['country', 'string', 'yes', true, undefined],
      ['score', '—', '—', false, 0.5],
    ]);
  });

  test('come from the statistics alone when no schema was sent, and none describe no columns', () => {
    const version = { id: 'v', kind: 'DatasetVersion', schema: null, columnStats: [stats('a'), stats('b')] };
    expect(columnRows(version).map((row) => [row.name, row.type])).toEqual([
      ['a', null],
      ['b', null],
    ]);
    expect(describesNoColumns(version)).toBe(false);
    expect(describesNoColumns({ id: 'v', kind: 'DatasetVersion', schema: null, columnStats: null })).toBe(true);
    expect(describesNoColumns({ id: 'v', kind: 'DatasetVersion', schema: [], columnStats: null })).toBe(false);
    expect(describesNoColumns(null)).toBe(true);
  });
});

describe('the change from the previous version', () => {
  test('counts what was added, removed and retyped, naming "columns" once', () => {
    const column = (name: string) => ({ name, type: 'string', nullable: null });
    expect(
      changeSummary(
        change({
          added: [column('a'), column('b')],
          removed: [column('c')],
          retyped: [{ name: 'd', from: 'int64', to: 'string' }],
        }),
      ),
    ).toBe('2 columns added, 1 removed, 1 retyped');
    expect(changeSummary(change({ removed: [column('c')] }))).toBe('1 column removed');
    expect(changeSummary(change({ retyped: [{ name: 'd', from: 'a', to: 'b' }], removed: [column('c')] }))).toBe(
      '1 column removed, 1 retyped',
    );
    expect(changeSummary(change({ changed: false }))).toBeNull();
  });
});

test('statistics read as whole numbers with separators, others to four figures, absent as a dash', () => {
  expect(formatStat(1234567)).toBe('1,234,567');
  expect(formatStat(0)).toBe('0');
  expect(formatStat(49.98765)).toBe('49.99');
  expect(formatStat(0.000123456)).toBe('0.0001235');
  expect(formatStat(4599.53)).toBe('4,599.5');
  expect(formatStat(-12345.67)).toBe('-12,345.7');
  expect(formatStat(null)).toBe('—');
  expect(formatStat(undefined)).toBe('—');
  expect(formatStat(Number.NaN)).toBe('—');
});

test("a version's flags are those about it, those reaching production first", () => {
  const flag = (subjectId: string, column: string, affectsProduction: boolean): VersionFlag => ({
    kind: 'STATISTICS_DRIFT',
    subjectId,
    column,
    measure: 'mean_shift_sd',
    value: 4,
    threshold: 3,
    explanation: `${subjectId} ${column}`,
    affectsProduction,
    productionModelVersionIds: [],
    productionDeploymentIds: [],
    lineageRootId: subjectId,
  });
  const flags = [flag('d@2', 'a', false), flag('d@3', 'b', true), flag('d@2', 'c', true), flag('d@2', 'e', false)];
  expect(flagsOf(flags, 'd@2').map((f) => f.column)).toEqual(['c', 'a', 'e']);
  expect(flagsOf(flags, 'd@9')).toEqual([]);
});
