// Takes the write lock on a run for a batch (params, tags, metric points), then reads what the batch
// is compared with, as the batch before it committed it: so writes to one run take turns (even from
// several api replicas) and the database decides which of two conflicting values wins. Setting and
// removing a marker property changes nothing but takes the node's exclusive lock.
// $runId, $ranges: list of {metricId, minStep, maxStep} the batch's points fall in
// One row (none when there is no such run): run, projectId (whose roles authorise the batch),
// params, tags [{key, value}], chunks [{metricId, steps, values, timestamps}] overlapping the ranges.
MATCH (run:Run {id: $runId})
SET run._lock = true
REMOVE run._lock
WITH run
OPTIONAL MATCH (run)-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(project:Project)
CALL (run) {
  UNWIND $ranges AS range
  MATCH (run)-[:HAS_METRIC]->(metric:Metric {id: range.metricId})-[:HAS_POINTS]->(c:MetricPoints)
  // A range wholly above the metric's highest step (maxStep, kept by add-metric-points) overlaps no
  // chunk: a history that grows step by step is never read back, so a batch costs the same at its
  // run's 1,000th call as at its first. A metric without maxStep (written before it) is read whole.
  WHERE (metric.maxStep IS NULL OR range.minStep <= metric.maxStep)
    AND c.maxStep >= range.minStep AND c.minStep <= range.maxStep
  RETURN collect({metricId: range.metricId, steps: c.steps, values: c.values, timestamps: c.timestamps}) AS chunks
}
RETURN
  run {.*} AS run,
  project.id AS projectId,
  [(run)-[:HAS_PARAM]->(param) | param {.key, .value}] AS params,
  [(run)-[:HAS_TAG]->(tag) | tag {.key, .value}] AS tags,
  chunks
