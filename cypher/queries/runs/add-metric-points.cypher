// Appends metric points to a run's metric histories in one batch.
// $runId, $points: list of {metricId, key, id, value, step, timestamp (epoch ms)}
MATCH (r:Run {id: $runId})
UNWIND $points AS point
MERGE (m:Metric {id: point.metricId})
  ON CREATE SET m.key = point.key, m.runId = $runId
MERGE (r)-[:HAS_METRIC]->(m)
CREATE (m)-[:HAS_POINT]->(:MetricPoint {
  id: point.id, value: point.value, step: toInteger(point.step), timestamp: toInteger(point.timestamp)
})
