import { type Harness, startHarness } from '../test-support/harness';
import { luceneQuery, wordsQuery } from './search.service';

const SEARCH = `query($text: String!, $kinds: [String!], $projectId: ID, $ownerId: ID, $first: Int) {
  search(text: $text, kinds: $kinds, projectId: $projectId, ownerId: $ownerId, first: $first) {
    node { __typename id ... on Dataset { name } } score
  }
}`;

let harness: Harness;
const idsOf = (hits: { node: { id: string } }[]) => hits.map((hit) => hit.node.id);

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation {
    a: createProject(input: { slug: "churn", name: "Customer churn" }) { id }
    b: createProject(input: { slug: "fraud", name: "Card fraud" }) { id }
    createUser(input: { handle: "uma", name: "Uma Data" }) { id }
  }`);
  for (const [project, slug, name, description, tags, owner] of [
    ['churn', 'transactions-raw', 'Transactions (raw)', 'Card transactions as exported nightly', ['pii'], 'user:uma'],
    ['churn', 'customers', 'Customers', 'One row per customer', ['pii', 'gold'], null],
    ['fraud', 'transactions-labelled', 'Labelled transactions', 'Fraud labels joined in', [], null],
  ] as const) {
    await harness.ok(`mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`, {
      i: { projectId: `project:${project}`, slug, name, description, tags, ownerIds: owner ? [owner] : [] },
    });
  }
});
afterAll(() => harness.close());

describe('search', () => {
  it('finds by name, description, tag and word prefix, best match first', async () => {
    const { search } = await harness.ok(SEARCH, { text: 'transac' });
    expect(idsOf(search)).toEqual(
      expect.arrayContaining(['dataset:churn/transactions-raw', 'dataset:fraud/transactions-labelled']),
    );
    expect(search[0].score).toBeGreaterThanOrEqual(search[search.length - 1].score);
    const byDescription = await harness.ok(SEARCH, { text: 'exported nightly' });
    expect(idsOf(byDescription.search)).toEqual(['dataset:churn/transactions-raw']);
    const whole = await harness.ok(SEARCH, { text: 'customers' });
    expect(whole.search[0].node.id).toBe('dataset:churn/customers');
    const byTag = await harness.ok(SEARCH, { text: 'gold' });
    expect(idsOf(byTag.search)).toEqual(['dataset:churn/customers']);
  });

  it('finds a dotted, snake_case or path-like name by any of its words', async () => {
    for (const [slug, name] of [
      ['daily-revenue', 'shop.main_marts.daily_revenue'],
      ['stg-orders', 'stg_orders'],
      ['raw-orders', 's3://lake/raw/orders.csv'],
    ]) {
      await harness.ok(`mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`, {
        i: { projectId: 'project:fraud', slug, name },
      });
    }
    const found = async (text: string) => idsOf((await harness.ok(SEARCH, { text, kinds: ['Dataset'] })).search);
    for (const text of ['revenue', 'daily revenue', 'marts', 'shop.main_marts.daily_revenue', 'daily_rev']) {
      expect([text, await found(text)]).toEqual([text, ['dataset:fraud/daily-revenue']]);
    }
    expect(await found('orders')).toEqual(
      expect.arrayContaining(['dataset:fraud/stg-orders', 'dataset:fraud/raw-orders']),
    );
    expect(await found('stg_orders')).toEqual(['dataset:fraud/stg-orders']);
    expect(await found('lake orders')).toEqual(['dataset:fraud/raw-orders']);
  });

  it('finds a camelCase name by the words inside it', async () => {
    await harness.ok(`mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`, {
      i: { projectId: 'project:fraud', slug: 'churn-score-weekly', name: 'ml.features.churnScoreWeekly' },
    });
    const found = async (text: string) => idsOf((await harness.ok(SEARCH, { text, kinds: ['Dataset'] })).search);
    for (const text of ['score', 'weekly', 'churn score', 'churnScore', 'features churnScoreWeekly', 'ScoreWeek']) {
      expect([text, await found(text)]).toEqual([text, ['dataset:fraud/churn-score-weekly']]);
    }
    // A whole word ranks above a word found inside another.
    await harness.ok(`mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`, {
      i: { projectId: 'project:fraud', slug: 'weekly-totals', name: 'weekly_totals' },
    });
    expect(await found('weekly')).toEqual(['dataset:fraud/weekly-totals', 'dataset:fraud/churn-score-weekly']);
    expect(wordsQuery('dailyRevenue by')).toBe(
      '(daily^3 OR daily* OR *daily*^0.5) AND (revenue^3 OR revenue* OR *revenue*^0.5) AND (by^3 OR by*)',
    );
  });

  it('requires every word to match', async () => {
    const { search } = await harness.ok(SEARCH, { text: 'transactions labelled' });
    expect(idsOf(search)).toEqual(['dataset:fraud/transactions-labelled']);
  });

  it('filters by kind, project and owner', async () => {
    const projects = await harness.ok(SEARCH, { text: 'churn', kinds: ['Project'] });
    expect(idsOf(projects.search)).toEqual(['project:churn']);
    const inFraud = await harness.ok(SEARCH, { text: 'transactions', projectId: 'project:fraud' });
    expect(idsOf(inFraud.search)).toEqual(['dataset:fraud/transactions-labelled']);
    const umas = await harness.ok(SEARCH, { text: 'transactions', ownerId: 'user:uma' });
    expect(idsOf(umas.search)).toEqual(['dataset:churn/transactions-raw']);
  });

  it('takes Lucene syntax literally instead of failing on it', async () => {
    for (const text of ['transactions (raw', 'AND OR', '"unbalanced', 'a:b/c*', '***']) {
      const result = await harness.gql(SEARCH, { text });
      expect(result.errors).toBeUndefined();
    }
    expect(luceneQuery('Transactions (raw)  x:y')).toBe(
      '(transactions^3 OR transactions*) AND (raw^3 OR raw*) AND (x^3 OR x*) AND (y^3 OR y*)',
    );
  });

  it.each([
    ['empty text', { text: '   ' }],
    ['oversized text', { text: 'x'.repeat(201) }],
    ['an unknown kind', { text: 'churn', kinds: ['Spaceship'] }],
    ['a page of 0', { text: 'churn', first: 0 }],
  ])('answers %s with BAD_USER_INPUT', async (_case, variables) => {
    const result = await harness.gql(SEARCH, variables);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
