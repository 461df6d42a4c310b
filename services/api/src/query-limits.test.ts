import http from 'node:http';
import { getIntrospectionQuery, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { readQueryLimits } from './platform/config';
import { DEFAULT_QUERY_LIMITS, fieldCost } from './platform/query-limits';
import { mnemoSchema } from './schema';
import { startHarness, type Harness } from './test-support/harness';

/** Issue 18, finding 3: one request may not ask for unbounded nesting, lists or aliases. */
describe('GraphQL depth and cost limits', () => {
  let harness: Harness;
  const TEAMS = 20;
  const MEMBERS = 20; // as many as the cost model assumes a list holds (ASSUMED_LIST_LENGTH)

  beforeAll(async () => {
    harness = await startHarness();
    // Every member in every team: each level of team { members { teams ... } } multiplies the answer.
    const teams = Array.from(
      { length: TEAMS },
      (_, i) => `t${i}: createTeam(input: { slug: "t${i}", name: "T${i}" }) { id }`,
    );
    await harness.ok(`mutation { ${teams.join('\n')} }`);
    const teamIds = Array.from({ length: TEAMS }, (_, i) => `team:t${i}`);
    for (let start = 0; start < MEMBERS; start += 10) {
      const users = Array.from({ length: 10 }, (_, k) => start + k).map(
        (i) => `u${i}: createUser(input: { handle: "m${i}", name: "M${i}", teamIds: $teams }) { id }`,
      );
      await harness.ok(`mutation($teams: [ID!]) { ${users.join('\n')} }`, { teams: teamIds });
    }
  }, 60_000);
  afterAll(() => harness.close());

  const costOf = (query: string) =>
    getComplexity({ schema: mnemoSchema(), query: parse(query), variables: {}, estimators: [fieldCost] });

  /** team { members { teams { members … } } } nested `levels` list fields deep, ending in `leaf`. */
  const nestedTeams = (levels: number, leaf = 'id name') => {
    let selection = leaf;
    for (let level = levels; level >= 1; level -= 1) selection = `${level % 2 ? 'members' : 'teams'} { ${selection} }`;
    return `{ team(id: "team:t0") { ${selection} } }`;
  };

  it('refuses the 21-level team/members nesting of the attack run before running it', async () => {
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: nestedTeams(21) }),
    });
    const body = (await response.json()) as {
      data?: unknown;
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toContain('exceeds maximum operation depth of 12');
  });

  it('refuses a shallow but costly nesting by its cost, saying the cost and the limit', async () => {
    const query = nestedTeams(5, 'id');
    expect(costOf(query)).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
    const result = await harness.gql(query);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      cost: costOf(query),
      maxCost: DEFAULT_QUERY_LIMITS.maxCost,
    });
  });

  it('refuses 1,000 aliases of impact, and a few are still answered', async () => {
    await harness.ok(`mutation {
      createProject(input: { slug: "limits", name: "Limits" }) { id }
      registerDataset(input: { projectId: "project:limits", slug: "raw", name: "Raw" }) { id }
    }`);
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, i) => `i${i}: impact(target: "dataset:limits/raw") { total }`).join(' ')} }`;
    const refused = await harness.gql(aliases(1_000));
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const answered = await harness.ok<Record<string, { total: number }>>(aliases(3));
    expect(Object.keys(answered)).toHaveLength(3);
  });

  it('counts fragments spread many times (no way around the cost through fragments)', async () => {
    const spreads = Array.from({ length: 200 }, (_, i) => `m${i}: team(id: "team:t0") { ...Deep }`).join(' ');
    const result = await harness.gql(`{ ${spreads} } fragment Deep on Team { members { teams { members { id } } } }`);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still answers the full introspection query (not counted in depth or cost)', async () => {
    const { __schema } = await harness.ok<{ __schema: { types: { name: string }[] } }>(getIntrospectionQuery());
    expect(__schema.types.map((type) => type.name)).toEqual(expect.arrayContaining(['Query', 'Team', 'ImpactReport']));
  });

  it('keeps /health answering while the most expensive allowed query runs', async () => {
    // As many team { members { teams { members } } } aliases as the cost limit allows; every member is
    // in every team, so each alias answers 8,000 members, exactly what the estimate assumes.
    const one = (i: number) => `a${i}: team(id: "team:t${i % TEAMS}") { members { teams { members { id } } } }`;
    const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => one(i)).join(' ')} }`;
    let aliases = 0;
    while (costOf(aliased(aliases + 1)) <= DEFAULT_QUERY_LIMITS.maxCost) aliases += 1;
    expect(aliases).toBeGreaterThanOrEqual(1);
    const query = aliased(aliases);
    expect((await harness.gql(aliased(aliases + 1))).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    let done = false;
    const answer = harness
      .gql<Record<string, { members: { teams: { members: unknown[] }[] }[] }>>(query)
      .finally(() => {
        done = true;
      });
    // One /health request after another while the query is in flight: each must be answered, and
    // some must be answered before the query is (a blocked event loop would answer them only after).
    const statuses: string[] = [];
    let answeredWhileRunning = 0;
    while (!done) {
      statuses.push(await healthOnFreshConnection(harness.url.replace('/graphql', '/health')));
      if (!done) answeredWhileRunning += 1;
    }
    const result = await answer;
    expect(result.errors).toBeUndefined();
    expect(result.data?.a0.members).toHaveLength(MEMBERS);
    expect(result.data?.a0.members[0].teams).toHaveLength(TEAMS);
    // The api answers every time (its event loop is free). On a loaded 2-core machine the database,
    // busy with the query, may miss the health check's 3 s ping: that answer is 503 naming it, not silence.
    const unexpected = statuses.filter(
      (answer) => !answer.startsWith('200 ') && !/^503 .*Neo4j did not answer within/.test(answer),
    );
    expect(unexpected).toEqual([]);
    expect(answeredWhileRunning).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('takes its limits from the environment, and refuses nonsense there', async () => {
    expect(readQueryLimits({})).toEqual(DEFAULT_QUERY_LIMITS);
    expect(readQueryLimits({ MNEMO_GRAPHQL_MAX_DEPTH: '3', MNEMO_GRAPHQL_MAX_COST: '50' })).toEqual({
      maxDepth: 3,
      maxCost: 50,
    });
    expect(() => readQueryLimits({ MNEMO_GRAPHQL_MAX_COST: 'lots' })).toThrow('MNEMO_GRAPHQL_MAX_COST');
    // Last in the file: a second harness wipes the database.
    const strict = await startHarness({ queryLimits: { maxDepth: 2, maxCost: 50 } });
    try {
      const deep = await strict.gql(nestedTeams(2, 'id'));
      expect(deep.errors?.[0].message).toContain('exceeds maximum operation depth of 2');
      const wide = await strict.gql(`{ teams(first: 60) { nodes { id } } }`);
      expect(wide.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 50 });
      expect(await strict.ok(`{ teams(first: 5) { nodes { id } } }`)).toEqual({ teams: { nodes: [] } });
    } finally {
      await strict.close();
    }
  });
});

/**
 * GET /health on a connection of its own (closed after): a kept-alive socket the busy server closes
 * as its idle timer fires late would fail the request (ECONNRESET) for a reason that is not the test's.
 */
/** /health's answer as `<status> <body>`, asked on a connection of its own. */
function healthOnFreshConnection(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(`${response.statusCode ?? 0} ${body}`));
      })
      .on('error', reject);
  });
}
