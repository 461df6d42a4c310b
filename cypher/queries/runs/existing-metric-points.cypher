// Recorded points of some metrics within step ranges, to find replays and clashes in a new batch.
// Chunks outside the range are skipped by their min/max step, so appending (rising steps) reads nothing.
// $ranges: list of {metricId, minStep, maxStep}
UNWIND $ranges AS range
MATCH (:Metric {id: range.metricId})-[:HAS_POINTS]->(c:MetricPoints)
WHERE c.maxStep >= range.minStep AND c.minStep <= range.maxStep
RETURN range.metricId AS metricId, c.steps AS steps, c.values AS values, c.timestamps AS timestamps
