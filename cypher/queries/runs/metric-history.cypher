// The full history of some metrics of some runs, ordered by step, time and value, for a DataLoader.
// $metricIds: metric ids (run id + key)
UNWIND $metricIds AS metricId
OPTIONAL MATCH (m:Metric {id: metricId})-[:HAS_POINTS]->(c)
UNWIND CASE WHEN c IS NULL THEN [null] ELSE range(0, size(c.steps) - 1) END AS i
WITH metricId, CASE WHEN i IS NULL THEN null
  ELSE {value: c.values[i], step: c.steps[i], timestamp: c.timestamps[i]} END AS point
ORDER BY point.step, point.timestamp, point.value
RETURN metricId, [p IN collect(point) WHERE p IS NOT NULL] AS points
