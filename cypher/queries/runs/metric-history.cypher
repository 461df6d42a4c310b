// The full history of some metrics of some runs, ordered by step then time, for a DataLoader.
// $metricIds: metric ids (run id + key)
UNWIND $metricIds AS metricId
OPTIONAL MATCH (m:Metric {id: metricId})-[:HAS_POINT]->(p)
WITH metricId, p ORDER BY p.step, p.timestamp
RETURN metricId, collect(p {.value, .step, .timestamp}) AS points
