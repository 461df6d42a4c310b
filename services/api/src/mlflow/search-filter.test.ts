import fc from 'fast-check';
import { type Harness, startHarness } from '../test-support/harness';
import { likeMatcher } from './like-pattern';
import { type Clause, likeAsRegex, parseFilter, parseOrderBy, type SearchGrammar, searchSeed } from './search-filter';

/** The grammar search_runs declares (mlflow.service.ts), restated so the parser is tested on its own. */
const RUNS: SearchGrammar = {
  what: 'runs',
  numericAttributes: ['start_time', 'end_time'],
  stringAttributes: ['run_id', 'run_name', 'status', 'user_id', 'artifact_uri'],
  aliases: { 'run name': 'run_name', created: 'start_time' },
  entities: ['param', 'tag', 'metric', 'dataset'],
  stringOperators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'],
  listAttributes: ['run_id'],
  tagOperators: ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'],
};

describe("MLflow's filter grammar", () => {
  it.each([
    ["params.lr = '0.01'", [{ entity: 'param', key: 'lr', op: '=', value: '0.01' }]],
    ['metrics.acc >= 0.9', [{ entity: 'metric', key: 'acc', op: '>=', value: 0.9 }]],
    ['metrics.`val loss` < -1e-3', [{ entity: 'metric', key: 'val loss', op: '<', value: -0.001 }]],
    ["tags.mlflow.parentRunId = 'abc'", [{ entity: 'tag', key: 'mlflow.parentRunId', op: '=', value: 'abc' }]],
    ['tags."my key" ILIKE \'%Churn_\'', [{ entity: 'tag', key: 'my key', op: 'ILIKE', value: '%Churn_' }]],
    ["tags.note = 'it''s'", [{ entity: 'tag', key: 'note', op: '=', value: "it's" }]],
    ['tags.team IS NOT NULL', [{ entity: 'tag', key: 'team', op: 'IS NOT NULL', value: null }]],
    ["attributes.run_id NOT IN ('a', 'b')", [{ entity: 'attribute', key: 'run_id', op: 'NOT IN', value: ['a', 'b'] }]],
    [
      "run name = 'x' AND created > 5",
      [
        { entity: 'attribute', key: 'run_name', op: '=', value: 'x' },
        { entity: 'attribute', key: 'start_time', op: '>', value: 5 },
      ],
    ],
    [
      "datasets.context = 'eval' and status != 'FAILED'",
      [
        { entity: 'dataset', key: 'context', op: '=', value: 'eval' },
        { entity: 'attribute', key: 'status', op: '!=', value: 'FAILED' },
      ],
    ],
    ['', []],
  ])('reads %s', (filter, clauses) => {
    expect(parseFilter(filter, RUNS)).toEqual(clauses);
  });

  it.each([
    ["params.lr = '0.01' OR params.lr = '0.1'", /joined by AND/],
    ["params.lr = 'open", /never closed/],
    ['params.lr = 0.01', /quoted string/],
    ["metrics.acc > '0.9'", /number/],
    ["run_name IN ('a')", /only run_id/],
    ["colour = 'red'", /not an attribute of runs/],
    ["params.lr ~ 'x'", /unexpected "~"/],
    ['metrics.acc LIKE 1', /cannot be compared with LIKE/],
    ["attributes.run_id IN ('a', 'b'", /not closed/],
  ])('refuses %s as INVALID_PARAMETER_VALUE', (filter, message) => {
    expect(() => parseFilter(filter, RUNS)).toThrow(message);
    try {
      parseFilter(filter, RUNS);
    } catch (error) {
      expect((error as { errorCode: string }).errorCode).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('reads order_by keys, ascending unless DESC', () => {
    expect(parseOrderBy(['metrics.acc DESC', 'params.`lr`', 'attributes.start_time ASC', 'run_name'], RUNS)).toEqual([
      { entity: 'metric', key: 'acc', descending: true },
      { entity: 'param', key: 'lr', descending: false },
      { entity: 'attribute', key: 'start_time', descending: false },
      { entity: 'attribute', key: 'run_name', descending: false },
    ]);
    expect(() => parseOrderBy(['metrics.acc DESC extra'], RUNS)).toThrow(/cannot read order_by/);
  });
});

describe('the clause an index leads a search from', () => {
  const indexed = (entity: string) => entity === 'tag';
  const seed = (filter: string) => searchSeed(parseFilter(filter, RUNS), indexed);

  it('prefers an equality to a LIKE, and a LIKE reads the text before its first wildcard', () => {
    expect(seed("tags.a LIKE 'run-1%' AND tags.b = 'x'")).toEqual({
      entity: 'tag',
      key: 'b',
      ranges: [{ from: 'x', below: 'x\u0000' }],
    });
    expect(seed("tags.a LIKE 'ru_%'")).toEqual({ entity: 'tag', key: 'a', ranges: [{ from: 'ru', below: 'rv' }] });
  });

  it('has none for keys without an index, ILIKE, != or a pattern that starts with a wildcard', () => {
    for (const filter of [
      "params.lr = '0.01'",
      "tags.a ILIKE 'x%'",
      "tags.a != 'x'",
      "tags.a LIKE '%x'",
      "tags.a LIKE '_x'",
      'tags.a IS NOT NULL',
    ]) {
      expect(seed(filter)).toBeNull();
    }
  });
});

describe('LIKE as the regular expression search_runs gives Neo4j', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  /** What Neo4j's `=~` answers for each [pattern, text, ignoreCase]. */
  async function neo4jMatches(cases: [string, string, boolean][]): Promise<boolean[]> {
    const rows = await harness.db.runScript(
      'UNWIND $cases AS c RETURN CASE WHEN c.ignoreCase THEN toLower(c.text) ELSE c.text END =~ c.regex AS matched',
      {
        cases: cases.map(([pattern, text, ignoreCase]) => ({
          regex: likeAsRegex(pattern, ignoreCase),
          text,
          ignoreCase,
        })),
      },
    );
    return rows.map((row) => Boolean(row.matched));
  }

  it('agrees with likeMatcher on random patterns and texts, regex characters included', async () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '%', '_', '.', '*', '(', '\\', '$', '?', '[', 'é', ' ', '\n');
    const text = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(''));
    const cases = fc.sample(fc.tuple(text, text, fc.boolean()), { numRuns: 400, seed: 19 });
    const expected = cases.map(([pattern, value, ignoreCase]) => likeMatcher(pattern, ignoreCase)(value));
    expect(await neo4jMatches(cases)).toEqual(expected);
  });

  it("keeps every value a clause holds for inside its seed's ranges, in Neo4j's string order", async () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '%', '_', 'é', ' ', '\u0000', '\ud7fe', '\ud7ff', '\uffff', '😀');
    const text = fc.array(alphabet, { maxLength: 6 }).map((chars) => chars.join(''));
    const op = fc.constantFrom<Clause['op']>('=', 'LIKE');
    // A value the clause mostly holds for: the pattern with its wildcards filled in.
    const filled = (pattern: string, fill: string) =>
      pattern.replace(/%/g, fill).replace(/_/g, Array.from(fill)[0] ?? 'a');
    const cases = fc.sample(fc.tuple(op, text, text), { numRuns: 600, seed: 19 });
    const held = cases
      .map(([op, value, fill]) => ({
        clause: { entity: 'tag', key: 'k', op, value } as Clause,
        actual: filled(value, fill),
      }))
      .filter(({ clause, actual }) =>
        clause.op === '=' ? actual === clause.value : likeMatcher(String(clause.value), false)(actual),
      )
      .map(({ clause, actual }) => ({ ranges: searchSeed([clause], () => true)?.ranges ?? null, actual }))
      .filter((found) => found.ranges !== null);
    expect(held.length).toBeGreaterThan(100);
    const rows = await harness.db.runScript(
      'UNWIND $held AS h RETURN any(r IN h.ranges WHERE h.actual >= r.from AND h.actual < r.below) AS inside',
      { held },
    );
    expect(rows.filter((row) => !row.inside)).toEqual([]);
  });

  it("answers the attack run's pathological pattern at once", async () => {
    const long = 'a'.repeat(60);
    const pattern = `${'%_'.repeat(30)}!`;
    expect(
      await neo4jMatches([
        [pattern, `${long}!`, false],
        [pattern, long, false],
      ]),
    ).toEqual([true, false]);
  });
});
