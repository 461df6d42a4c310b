import { type Harness, startHarness } from '../test-support/harness';
import { likeMatcher } from './like-pattern';

/** Issue 18, finding 4: registered-models/search matches LIKE/ILIKE without a backtracking RegExp. */
let harness: Harness;
let base: string;

async function search(filter: string): Promise<{ status: number; names: string[] }> {
  const response = await fetch(`${base}/api/2.0/mlflow/registered-models/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ filter, max_results: 1000 }),
  });
  const body = (await response.json()) as { registered_models?: { name: string }[] };
  return { status: response.status, names: (body.registered_models ?? []).map((model) => model.name).sort() };
}

beforeAll(async () => {
  harness = await startHarness();
  base = harness.url.replace('/graphql', '');
  const long = 'a'.repeat(60);
  for (const name of [long, `${long}!`, 'Churn', 'churn-v2', 'price_model', "o'brien"]) {
    const response = await fetch(`${base}/api/2.0/mlflow/registered-models/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(200);
  }
});
afterAll(() => harness.close());

describe('LIKE and ILIKE in the MLflow registry search', () => {
  it("answers the attack run's pathological pattern, with 30 pairs of %_ (the RegExp needed 3.65 s for 12)", async () => {
    const pathological = `name LIKE '${'%_'.repeat(30)}!'`;
    expect(await search(pathological)).toEqual({ status: 200, names: [`${'a'.repeat(60)}!`] });
    // The same with one character too many required: nothing matches, found without backtracking.
    expect(await search(`name LIKE '${'%_'.repeat(61)}!'`)).toEqual({ status: 200, names: [] });
  });

  it('keeps the meaning of %, _ and ILIKE, and of quotes doubled inside the pattern', async () => {
    expect((await search("name LIKE 'churn%'")).names).toEqual(['churn-v2']);
    expect((await search("name ILIKE 'churn%'")).names).toEqual(['Churn', 'churn-v2']);
    expect((await search("name LIKE '%_model'")).names).toEqual(['price_model']);
    expect((await search("name LIKE 'Chur_'")).names).toEqual(['Churn']);
    expect((await search("name LIKE 'o''%'")).names).toEqual(["o'brien"]);
    expect((await search("name ILIKE '%N%' and name LIKE '%2'")).names).toEqual(['churn-v2']);
  });

  it.each([
    ['', '', true],
    ['', 'a', false],
    ['%', '', true],
    ['a%b%c', 'abc', true],
    ['a%b%c', 'acb', false],
    ['%ab%ab%', 'abab', true],
    ['%ab%ab%', 'aba', false],
    ['_%_', 'a', false],
    ['_%_', 'ab', true],
    ['%a_c', 'xxabcabd', false],
    ['%a_c', 'xxabdabc', true],
    ['caf_', 'café', true],
    ['%.%', 'a.b', true],
    ['a.b', 'axb', false],
  ])('LIKE %j against %j is %s', (pattern, text, expected) => {
    expect(likeMatcher(pattern, false)(text)).toBe(expected);
  });
});
