/**
 * What the demo organisation holds, as plain data: teams, people, and three projects with their
 * datasets, feature set, experiments and model. demo-organisation.ts turns this into service calls.
 */

export interface TeamPlan {
  slug: string;
  name: string;
  description: string;
}

export interface PersonPlan {
  handle: string;
  name: string;
  teams: string[];
}

export interface DatasetPlan {
  slug: string;
  name: string;
  description: string;
  tags: string[];
  owner: string;
  /** Monthly snapshots it has, oldest first (a subset of SNAPSHOTS). */
  snapshots: string[];
  /** Datasets of the same project each snapshot is built from, by a data-prep run; absent for raw data. */
  from?: string[];
  /** Rough size of a snapshot, in rows. */
  rows: number;
  /** Registered without a data classification, so the completeness report has something to flag. */
  unclassified?: boolean;
  /**
   * Marked restricted (its versions follow): readable only by its owners, org auditors and these
   * people or teams, who are granted read access.
   */
  restrictedTo?: string[];
}

/** Kinds of training code; each has its own hyperparameters, machines and speed. */
export type ModelFamily = 'trees' | 'linear' | 'neural' | 'anomaly';

export interface ExperimentPlan {
  slug: string;
  name: string;
  description: string;
  family: ModelFamily;
  runs: number;
  /** How many of its latest runs are still going. */
  stillRunning?: number;
}

/** A metric that improves during training from `start` towards a ceiling between `best[0]` and `best[1]`. */
export interface MetricPlan {
  key: string;
  start: number;
  best: [number, number];
}

export interface ProjectPlan {
  slug: string;
  name: string;
  description: string;
  team: string;
  /** Teams that may read the project (VIEWER) without writing to it. */
  viewers?: string[];
  /** Its people, most active first; the first one runs the data-prep jobs. */
  people: string[];
  region: string;
  datasets: DatasetPlan[];
  featureSet: { slug: string; name: string; description: string; features: string[]; from: string };
  /** Which datasets training runs read for labels and for validation. */
  labels: string;
  holdout: string;
  /** The metric that picks the best runs first, then a secondary one. */
  metrics: [MetricPlan, MetricPlan];
  experiments: ExperimentPlan[];
  model: { slug: string; name: string; description: string; framework: string };
}

export const SNAPSHOTS = ['2026-07', '2026-08', '2026-09', '2026-10'];
const LAST_THREE = SNAPSHOTS.slice(1);
const LAST_TWO = SNAPSHOTS.slice(2);

export const TEAMS: TeamPlan[] = [
  { slug: 'risk-data', name: 'Risk data', description: 'Owns customer and payment data and the risk models.' },
  { slug: 'ml-platform', name: 'ML platform', description: 'Runs the training and serving platform, and search.' },
];

export const PEOPLE: PersonPlan[] = [
  { handle: 'alice', name: 'Alice Martin', teams: ['risk-data'] },
  { handle: 'bruno', name: 'Bruno Costa', teams: ['risk-data'] },
  { handle: 'chen', name: 'Chen Wei', teams: ['risk-data', 'ml-platform'] },
  { handle: 'dana', name: 'Dana Okafor', teams: ['ml-platform'] },
  { handle: 'emeka', name: 'Emeka Obi', teams: ['ml-platform'] },
];

export const PROJECTS: ProjectPlan[] = [
  {
    slug: 'churn',
    name: 'Customer churn',
    description:
      'Predicts which subscribers are likely to cancel in the next 30 days, so retention can call them first.',
    team: 'risk-data',
    // The platform team follows churn's models in production; only its lead may read raw payments.
    viewers: ['ml-platform'],
    people: ['alice', 'bruno'],
    region: 'eu-west-1',
    datasets: [
      {
        slug: 'transactions-raw',
        name: 'Transactions (raw)',
        description: 'Card and direct-debit payments, exactly as billing exports them every night.',
        tags: ['raw', 'pii'],
        owner: 'risk-data',
        snapshots: SNAPSHOTS,
        rows: 2_400_000,
        restrictedTo: ['dana'],
      },
      {
        slug: 'transactions',
        name: 'Transactions',
        description: 'Payments with duplicates removed and every amount converted to euros.',
        tags: ['cleaned'],
        owner: 'risk-data',
        snapshots: SNAPSHOTS,
        from: ['transactions-raw'],
        rows: 2_300_000,
      },
      {
        slug: 'subscriptions-raw',
        name: 'Subscriptions (raw)',
        description: 'Plan changes and cancellations, as the CRM records them.',
        tags: ['raw', 'pii'],
        owner: 'bruno',
        snapshots: SNAPSHOTS,
        rows: 410_000,
      },
      {
        slug: 'subscriptions',
        name: 'Subscriptions',
        description: 'One row per subscriber per month, with their plan and how long they have been a customer.',
        tags: ['cleaned'],
        owner: 'bruno',
        snapshots: SNAPSHOTS,
        from: ['subscriptions-raw'],
        rows: 380_000,
      },
      {
        slug: 'support-tickets',
        name: 'Support tickets',
        description: 'Tickets opened with customer support, with their topic and how long they took to close.',
        tags: ['raw'],
        owner: 'alice',
        snapshots: LAST_THREE,
        rows: 95_000,
        unclassified: true,
      },
      {
        slug: 'churn-labels',
        name: 'Churn labels',
        description: 'For each subscriber and month: did they cancel within the next 30 days?',
        tags: ['labels'],
        owner: 'alice',
        snapshots: SNAPSHOTS,
        from: ['subscriptions'],
        rows: 380_000,
      },
      {
        slug: 'customer-360',
        name: 'Customer 360',
        description: 'Transactions and subscriptions joined into one row per subscriber.',
        tags: ['joined', 'gold'],
        owner: 'risk-data',
        snapshots: LAST_THREE,
        from: ['transactions', 'subscriptions'],
        rows: 370_000,
      },
      {
        slug: 'churn-holdout',
        name: 'Churn holdout',
        description: 'One subscriber in ten, set aside to validate models and never trained on.',
        tags: ['validation'],
        owner: 'alice',
        snapshots: LAST_THREE,
        from: ['customer-360'],
        rows: 37_000,
      },
    ],
    featureSet: {
      slug: 'customer-features',
      name: 'Customer features',
      description: 'What we know about a subscriber: tenure, recent spend, support contacts and plan.',
      features: ['tenure_days', 'spend_30d', 'spend_90d', 'plan_tier', 'tickets_30d', 'late_payments_90d'],
      from: 'customer-360',
    },
    labels: 'churn-labels',
    holdout: 'churn-holdout',
    metrics: [
      { key: 'auc', start: 0.5, best: [0.78, 0.91] },
      { key: 'accuracy', start: 0.62, best: [0.84, 0.9] },
    ],
    experiments: [
      {
        slug: 'xgb-baseline',
        name: 'XGBoost baseline',
        description: 'Gradient-boosted trees on the customer features; the model in production comes from here.',
        family: 'trees',
        runs: 22,
        stillRunning: 1,
      },
      {
        slug: 'logreg',
        name: 'Logistic regression',
        description: 'A simple model whose reasons are easy to explain, to check the trees are worth it.',
        family: 'linear',
        runs: 12,
      },
    ],
    model: {
      slug: 'churn-classifier',
      name: 'Churn classifier',
      description: 'Scores every subscriber each night for their risk of cancelling.',
      framework: 'xgboost',
    },
  },
  {
    slug: 'fraud',
    name: 'Payment fraud',
    description: 'Flags card payments that are likely fraudulent before they settle.',
    team: 'risk-data',
    people: ['chen', 'alice', 'bruno'],
    region: 'eu-west-1',
    datasets: [
      {
        slug: 'card-payments-raw',
        name: 'Card payments (raw)',
        description: 'Authorisation requests as they arrive from the card processor.',
        tags: ['raw', 'pii'],
        owner: 'chen',
        snapshots: SNAPSHOTS,
        rows: 8_000_000,
      },
      {
        slug: 'card-payments',
        name: 'Card payments',
        description: 'Authorisations with merchant and device details attached and test traffic removed.',
        tags: ['cleaned'],
        owner: 'chen',
        snapshots: SNAPSHOTS,
        from: ['card-payments-raw'],
        rows: 7_600_000,
      },
      {
        slug: 'chargebacks',
        name: 'Chargebacks',
        description: 'Disputed payments that the bank confirmed as fraud.',
        tags: ['labels'],
        owner: 'risk-data',
        snapshots: SNAPSHOTS,
        rows: 12_000,
      },
      {
        slug: 'merchants',
        name: 'Merchants',
        description: 'Each merchant with its category, country and risk rating.',
        tags: ['reference'],
        owner: 'chen',
        snapshots: LAST_TWO,
        rows: 60_000,
      },
      {
        slug: 'device-fingerprints',
        name: 'Device fingerprints',
        description: 'Hashed identifiers of the devices seen at checkout.',
        tags: ['raw', 'pii'],
        owner: 'chen',
        snapshots: LAST_TWO,
        rows: 1_900_000,
      },
      {
        slug: 'fraud-training',
        name: 'Fraud training set',
        description: 'Payments labelled with their chargebacks, sampled so fraud is not drowned out.',
        tags: ['joined', 'gold'],
        owner: 'risk-data',
        snapshots: LAST_THREE,
        from: ['card-payments', 'chargebacks'],
        rows: 900_000,
      },
      {
        slug: 'fraud-holdout',
        name: 'Fraud holdout',
        description: 'The last week of each month, kept back to validate models on payments they have not seen.',
        tags: ['validation'],
        owner: 'chen',
        snapshots: LAST_THREE,
        from: ['fraud-training'],
        rows: 200_000,
      },
    ],
    featureSet: {
      slug: 'payment-features',
      name: 'Payment features',
      description: 'What a payment looks like: amount, merchant risk, how fast the card is being used.',
      features: ['amount_eur', 'merchant_risk', 'velocity_1h', 'country_mismatch', 'new_device'],
      from: 'fraud-training',
    },
    labels: 'chargebacks',
    holdout: 'fraud-holdout',
    metrics: [
      { key: 'precision_at_1pct', start: 0.2, best: [0.62, 0.84] },
      { key: 'auc', start: 0.5, best: [0.9, 0.97] },
    ],
    experiments: [
      {
        slug: 'lightgbm',
        name: 'LightGBM',
        description: 'Boosted trees tuned to be precise when only 1% of payments can be reviewed.',
        family: 'trees',
        runs: 20,
      },
      {
        slug: 'isolation-forest',
        name: 'Isolation forest',
        description: 'Anomaly scores that need no labels, as a fallback for new kinds of fraud.',
        family: 'anomaly',
        runs: 10,
      },
    ],
    model: {
      slug: 'fraud-scorer',
      name: 'Fraud scorer',
      description: 'Scores each card payment in real time, in under 20 milliseconds.',
      framework: 'lightgbm',
    },
  },
  {
    slug: 'search-ranking',
    name: 'Search ranking',
    description: 'Orders product search results by how likely a shopper is to buy.',
    team: 'ml-platform',
    people: ['dana', 'emeka', 'chen'],
    region: 'us-east-1',
    datasets: [
      {
        slug: 'search-logs-raw',
        name: 'Search logs (raw)',
        description: 'Queries, the results shown and what was clicked, from the storefront.',
        tags: ['raw'],
        owner: 'dana',
        snapshots: SNAPSHOTS,
        rows: 15_000_000,
      },
      {
        slug: 'search-logs',
        name: 'Search logs',
        description: 'Search sessions with bots removed and each purchase credited to the search that led to it.',
        tags: ['cleaned'],
        owner: 'dana',
        snapshots: SNAPSHOTS,
        from: ['search-logs-raw'],
        rows: 11_000_000,
      },
      {
        slug: 'catalogue',
        name: 'Product catalogue',
        description: 'Title, category and price of every product on sale.',
        tags: ['reference'],
        owner: 'ml-platform',
        snapshots: LAST_THREE,
        rows: 250_000,
      },
      {
        slug: 'relevance-judgements',
        name: 'Relevance judgements',
        description: 'People rating how well a product answers a query, from 0 (not at all) to 3 (exactly).',
        tags: ['labels'],
        owner: 'emeka',
        snapshots: LAST_TWO,
        rows: 40_000,
      },
      {
        slug: 'ranking-training',
        name: 'Ranking training set',
        description: 'Query and product pairs with whether the shopper clicked and bought.',
        tags: ['joined', 'gold'],
        owner: 'ml-platform',
        snapshots: LAST_THREE,
        from: ['search-logs', 'catalogue'],
        rows: 3_200_000,
      },
      {
        slug: 'ranking-holdout',
        name: 'Ranking holdout',
        description: 'Queries from one day a week, kept back to validate rankings.',
        tags: ['validation'],
        owner: 'emeka',
        snapshots: LAST_THREE,
        from: ['ranking-training'],
        rows: 450_000,
      },
    ],
    featureSet: {
      slug: 'query-product-features',
      name: 'Query–product features',
      description: 'How well a product matches a query, how often it is clicked, and how its price compares.',
      features: ['bm25', 'ctr_7d', 'price_rank', 'category_match', 'title_embedding_sim'],
      from: 'ranking-training',
    },
    labels: 'relevance-judgements',
    holdout: 'ranking-holdout',
    metrics: [
      { key: 'ndcg_at_10', start: 0.3, best: [0.48, 0.61] },
      { key: 'mrr', start: 0.25, best: [0.41, 0.55] },
    ],
    experiments: [
      {
        slug: 'lambdamart',
        name: 'LambdaMART',
        description: 'Learning to rank with gradient-boosted trees.',
        family: 'trees',
        runs: 16,
        stillRunning: 1,
      },
      {
        slug: 'two-tower',
        name: 'Two-tower retrieval',
        description: 'Neural embeddings of queries and products, to find candidates the keyword search misses.',
        family: 'neural',
        runs: 8,
      },
    ],
    model: {
      slug: 'ranker',
      name: 'Search ranker',
      description: 'Re-orders the top 200 candidates of every search.',
      framework: 'lightgbm',
    },
  },
];
