// Takes the write lock on a run for a batch (params, tags, metric points), then reads what the batch
// is compared with, as the batch before it committed it: so writes to one run take turns (even from
// several api replicas) and the database decides which of two conflicting values wins. Setting and
// removing a marker property changes nothing but takes the node's exclusive lock.
// $runId, $ranges: list of {metricId, minStep, maxStep, minTimestamp} the batch's points fall in
//   (minTimestamp: the lowest time among its points at minStep);
// $paramKeys, $tagKeys: the params and tags the batch sets (a run's others are not read: a metrics-only
// call, the usual one, reads none)
// One row (none when there is no such run): run, projectId (whose roles authorise the batch),
// params, tags [{key, value}] of those keys, chunks [{metricId, steps, values, timestamps}] overlapping the ranges.
MATCH (run:Run {id: $runId})
SET run._lock = true
REMOVE run._lock
WITH run
OPTIONAL MATCH (run)-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(project:Project)
CALL (run) {
  UNWIND $ranges AS range
  MATCH (run)-[:HAS_METRIC]->(metric:Metric {id: range.metricId})-[:HAS_POINTS]->(c:MetricPoints)
  // A point is its step and time, so a batch whose lowest point comes after the metric's latest
  // (metric.step and .timestamp: its highest step, then latest time) repeats none: a history that
  // grows is never read back, step by step or, as mlflow.log_metric without a step logs, all at step
  // 0 in time order. So a batch costs the same at its run's 10,000th call as at its first. A metric
  // without maxStep (written before add-metric-points kept it) is read whole.
  WHERE (metric.maxStep IS NULL OR metric.timestamp IS NULL OR range.minStep < metric.step
      OR (range.minStep = metric.step AND range.minTimestamp <= metric.timestamp))
    AND c.maxStep >= range.minStep AND c.minStep <= range.maxStep
  RETURN collect({metricId: range.metricId, steps: c.steps, values: c.values, timestamps: c.timestamps}) AS chunks
}
RETURN
  run {.*} AS run,
  project.id AS projectId,
  CASE WHEN size($paramKeys) = 0 THEN [] ELSE
    [(run)-[:HAS_PARAM]->(param) WHERE param.key IN $paramKeys | param {.key, .value}] END AS params,
  CASE WHEN size($tagKeys) = 0 THEN [] ELSE
    [(run)-[:HAS_TAG]->(tag) WHERE tag.key IN $tagKeys | tag {.key, .value}] END AS tags,
  chunks
