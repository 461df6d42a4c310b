import type { ColumnSpec, ColumnStatsSpec } from '../drift/schema';
import { type Random, round, seeded } from './demo-numbers';

/**
 * The columns of the demo's datasets and feature sets, and the simple statistics a client would send
 * with each version (count, nulls, mean, std, distinct). Every snapshot varies a little around its
 * column's profile, well inside the drift thresholds, except for one planted change: the CRM's
 * subscriptions export of September 2026 (see DRIFT below). Numbers come from their own seeded draws,
 * so the rest of the demo is exactly as it was.
 */

/** How a column's values look: ids are nearly all distinct, categories have a fixed set of values. */
type Shape =
  | { kind: 'id' }
  | { kind: 'category'; distinct: number }
  | { kind: 'number'; mean: number; std: number; distinctShare: number }
  | { kind: 'flag'; share: number }
  | { kind: 'time' };

interface ColumnProfile {
  name: string;
  type: string;
  /** Share of its values that are null (0 when the column is not nullable). */
  nullRate?: number;
  shape: Shape;
}

const id = (name: string, type = 'string'): ColumnProfile => ({ name, type, shape: { kind: 'id' } });
const category = (name: string, distinct: number, nullRate = 0): ColumnProfile => ({
  name,
  type: 'string',
  nullRate,
  shape: { kind: 'category', distinct },
});
const number = (name: string, type: string, mean: number, std: number, nullRate = 0): ColumnProfile => ({
  name,
  type,
  nullRate,
  shape: { kind: 'number', mean, std, distinctShare: type === 'int64' ? 0.01 : 0.4 },
});
const flag = (name: string, share: number): ColumnProfile => ({
  name,
  type: 'boolean',
  shape: { kind: 'flag', share },
});
const time = (name: string, nullRate = 0): ColumnProfile => ({
  name,
  type: 'timestamp',
  nullRate,
  shape: { kind: 'time' },
});

const PAYMENT = [
  id('payment_id'),
  id('customer_id', 'int64'),
  time('paid_at'),
  number('amount', 'double', 38.5, 21.2),
  category('currency', 6),
  category('method', 3),
  flag('is_refund', 0.02),
];
const SUBSCRIPTION = [
  id('subscription_id'),
  id('customer_id', 'int64'),
  category('plan', 4),
  number('monthly_fee', 'double', 24.9, 9.6),
  time('started_at'),
  time('cancelled_at', 0.86),
  category('channel', 5, 0.03),
  category('fax_number', 900, 0.97),
];

/** Columns per `project/dataset` slug, as their first snapshot has them. */
const DATASET_COLUMNS: Record<string, ColumnProfile[]> = {
  'churn/transactions-raw': PAYMENT,
  'churn/transactions': [
    ...PAYMENT.filter((c) => c.name !== 'amount' && c.name !== 'currency'),
    number('amount_eur', 'double', 36.1, 19.8),
  ],
  'churn/subscriptions-raw': SUBSCRIPTION,
  'churn/subscriptions': [
    id('customer_id', 'int64'),
    category('month', 1),
    category('plan_tier', 4),
    number('monthly_fee_eur', 'double', 24.9, 9.6),
    number('tenure_days', 'int64', 640, 410),
  ],
  'churn/support-tickets': [
    id('ticket_id'),
    id('customer_id', 'int64'),
    time('opened_at'),
    category('topic', 14, 0.04),
    number('hours_to_close', 'double', 19.5, 22.0, 0.06),
  ],
  'churn/churn-labels': [id('customer_id', 'int64'), category('month', 1), flag('churned_30d', 0.047)],
  'churn/customer-360': [
    id('customer_id', 'int64'),
    category('plan_tier', 4),
    number('tenure_days', 'int64', 640, 410),
    number('spend_30d', 'double', 31.2, 18.4),
    number('spend_90d', 'double', 92.8, 51.0),
    number('late_payments_90d', 'int64', 0.31, 0.7),
  ],
  'churn/churn-holdout': [
    id('customer_id', 'int64'),
    number('tenure_days', 'int64', 645, 405),
    number('spend_30d', 'double', 31.0, 18.1),
    flag('churned_30d', 0.046),
  ],
  'fraud/card-payments-raw': [
    id('authorisation_id'),
    id('card_hash'),
    time('requested_at'),
    number('amount', 'double', 54.3, 88.0),
    category('currency', 31),
    id('merchant_id'),
    id('device_id', 'string'),
  ],
  'fraud/card-payments': [
    id('authorisation_id'),
    id('card_hash'),
    time('requested_at'),
    number('amount_eur', 'double', 51.7, 83.5),
    id('merchant_id'),
    category('merchant_category', 420),
    category('device_type', 5, 0.08),
  ],
  'fraud/chargebacks': [
    id('authorisation_id'),
    time('disputed_at'),
    category('reason_code', 18),
    number('amount_eur', 'double', 112.0, 140.0),
  ],
  'fraud/merchants': [
    id('merchant_id'),
    category('category', 420),
    category('country', 64),
    number('risk_rating', 'int64', 2.1, 1.1),
  ],
  'fraud/device-fingerprints': [
    id('device_id'),
    time('first_seen_at'),
    category('os', 9, 0.02),
    flag('emulator', 0.004),
  ],
  'fraud/fraud-training': [
    id('authorisation_id'),
    number('amount_eur', 'double', 58.2, 91.0),
    category('merchant_category', 420),
    flag('is_fraud', 0.09),
  ],
  'fraud/fraud-holdout': [id('authorisation_id'), number('amount_eur', 'double', 52.4, 85.1), flag('is_fraud', 0.012)],
  'search-ranking/search-logs-raw': [
    id('event_id'),
    id('session_id'),
    category('query', 2_000_000),
    id('product_id'),
    number('position', 'int64', 11.4, 9.8),
    flag('clicked', 0.08),
    category('user_agent', 60_000, 0.01),
  ],
  'search-ranking/search-logs': [
    id('session_id'),
    category('query', 1_600_000),
    id('product_id'),
    number('position', 'int64', 10.9, 9.2),
    flag('clicked', 0.1),
    flag('purchased', 0.012),
  ],
  'search-ranking/catalogue': [
    id('product_id'),
    category('title', 240_000),
    category('category', 1_150),
    number('price_eur', 'double', 47.0, 66.0),
  ],
  'search-ranking/relevance-judgements': [
    category('query', 4_000),
    id('product_id'),
    number('grade', 'int64', 1.4, 1.0),
    category('rater', 35),
  ],
  'search-ranking/ranking-training': [
    category('query', 1_500_000),
    id('product_id'),
    number('position', 'int64', 10.7, 9.0),
    flag('clicked', 0.11),
    flag('purchased', 0.013),
    number('price_eur', 'double', 44.2, 60.3),
  ],
  'search-ranking/ranking-holdout': [
    category('query', 250_000),
    id('product_id'),
    flag('clicked', 0.11),
    flag('purchased', 0.013),
  ],
};

/** What each feature looks like, across the three feature sets. */
const FEATURES: Record<string, ColumnProfile> = {
  tenure_days: number('tenure_days', 'int64', 640, 410),
  spend_30d: number('spend_30d', 'double', 31.2, 18.4),
  spend_90d: number('spend_90d', 'double', 92.8, 51.0),
  plan_tier: category('plan_tier', 4),
  tickets_30d: number('tickets_30d', 'int64', 0.22, 0.6),
  late_payments_90d: number('late_payments_90d', 'int64', 0.31, 0.7),
  amount_eur: number('amount_eur', 'double', 58.2, 91.0),
  merchant_risk: number('merchant_risk', 'double', 0.18, 0.11),
  velocity_1h: number('velocity_1h', 'int64', 1.3, 0.9),
  country_mismatch: flag('country_mismatch', 0.06),
  new_device: flag('new_device', 0.11),
  bm25: number('bm25', 'double', 7.9, 3.4),
  ctr_7d: number('ctr_7d', 'double', 0.041, 0.03, 0.05),
  price_rank: number('price_rank', 'int64', 24.5, 14.2),
  category_match: flag('category_match', 0.63),
  title_embedding_sim: number('title_embedding_sim', 'float', 0.52, 0.17),
};

/**
 * The one drifting dataset. In October 2026 the CRM moved to a new export: `plan` is now
 * `plan_code`, `customer_id` is a string, the `fax_number` column is gone, and `monthly_fee` is in
 * cents rather than euros (same name, same type, a hundred times the mean). Its cleaning job was
 * fixed to read the new export, so only the raw dataset changes; everything downstream of that
 * snapshot, churn's production model among it, was built from it.
 */
export const DRIFT = {
  datasetSlug: 'churn/subscriptions-raw',
  from: '2026-10',
  columns: (before: ColumnProfile[]): ColumnProfile[] =>
    before
      .filter((column) => column.name !== 'fax_number')
      .map((column) => {
        if (column.name === 'plan') return { ...column, name: 'plan_code' };
        if (column.name === 'customer_id') return { ...column, type: 'string' };
        if (column.name === 'monthly_fee') return number('monthly_fee', 'double', 2490, 960);
        return column;
      }),
};

export interface VersionProfile {
  schema: ColumnSpec[];
  columnStats: ColumnStatsSpec[];
}

/** A dataset snapshot's columns and statistics (`project/dataset` slug), for `rowCount` rows. */
export function datasetProfile(slug: string, snapshot: string, rowCount: number): VersionProfile {
  const columns = DATASET_COLUMNS[slug];
  if (!columns) throw new Error(`demo plan: no columns for dataset ${slug}`);
  const drifted = slug === DRIFT.datasetSlug && snapshot >= DRIFT.from;
  return profileOf(drifted ? DRIFT.columns(columns) : columns, rowCount, seeded(`demo/${slug}@${snapshot}/stats`));
}

/** A feature set version's columns (its features) and their statistics. */
export function featureSetProfile(versionId: string, features: string[], rowCount: number): VersionProfile {
  const columns = features.map((feature) => {
    const profile = FEATURES[feature];
    if (!profile) throw new Error(`demo plan: no profile for feature ${feature}`);
    return profile;
  });
  return profileOf(columns, rowCount, seeded(`${versionId}/stats`));
}

function profileOf(columns: ColumnProfile[], rowCount: number, random: Random): VersionProfile {
  return {
    schema: columns.map(({ name, type, nullRate }) => ({ name, type, nullable: (nullRate ?? 0) > 0 })),
    columnStats: columns.map((column) => statsOf(column, rowCount, random)),
  };
}

/** One column's statistics: each measure wobbles a little, far less than any drift threshold. */
function statsOf(column: ColumnProfile, count: number, random: Random): ColumnStatsSpec {
  const nullRate = column.nullRate ?? 0;
  const nulls = nullRate > 0 ? Math.round(count * nullRate * (0.97 + 0.06 * random())) : 0;
  const present = count - nulls;
  const { shape } = column;
  const stats: ColumnStatsSpec = { column: column.name, count, nulls };
  switch (shape.kind) {
    case 'id':
      stats.distinct = present;
      break;
    case 'category':
      stats.distinct = Math.min(present, shape.distinct);
      break;
    case 'flag': {
      const share = shape.share * (0.95 + 0.1 * random());
      stats.mean = round(share, 5);
      stats.std = round(Math.sqrt(share * (1 - share)), 5);
      stats.distinct = 2;
      break;
    }
    case 'number':
      // Within ±0.1 standard deviations of the profile's mean: snapshots never trip the 3-sd threshold.
      stats.mean = round(shape.mean + shape.std * 0.2 * (random() - 0.5), 4);
      stats.std = round(shape.std * (0.97 + 0.06 * random()), 4);
      stats.distinct = Math.max(1, Math.round(present * shape.distinctShare));
      break;
    case 'time':
      stats.distinct = Math.round(present * 0.9);
      break;
  }
  return stats;
}
