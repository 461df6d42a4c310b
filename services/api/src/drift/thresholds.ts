/**
 * When drift and anomalies are flagged: every threshold in one place (docs/api.md "Drift and
 * anomalies" quotes them). A measure trips its flag when it is strictly greater than the threshold.
 */
export const DRIFT_THRESHOLDS = {
  /** |mean − previous mean| in units of the previous version's standard deviation. */
  meanShiftSd: 3,
  /** |null rate − previous null rate|, null rate = nulls / count. */
  nullRateChange: 0.1,
  /** |distinct − previous distinct| / previous distinct. */
  distinctChangeRatio: 0.5,
  /** Robust z-score |x − median| / (1.4826 × MAD) of a run's final metric value in its experiment. */
  robustZ: 3.5,
  /** Fewest runs with a value of the metric before an experiment's distribution is judged. */
  minRunsForOutliers: 5,
  /** How much an evaluation metric may fall from the previous version's before it is flagged (any fall). */
  evaluationDrop: 0,
} as const;

/** 1.4826 × MAD estimates the standard deviation of normally distributed values. */
export const MAD_SCALE = 1.4826;

/**
 * Metrics where lower is better (a rise is the drop): names holding one of these words, e.g.
 * `val_loss`, `rmse`, `error_rate`, and fairness gaps such as
 * `demographic_parity_difference` or `equalized_odds_gap`. Every other metric is read as higher is better.
 */
export const LOWER_IS_BETTER =
  /(^|[^a-z])(loss|error|err|rmse|mse|mae|mape|logloss|perplexity|latency|difference|gap)([^a-z]|$)/i;

/** MLflow's system metrics (system/cpu_utilization_percentage, ...) say nothing about the model. */
export const isModelMetric = (key: string) => !key.startsWith('system/');
