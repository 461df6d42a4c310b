// Appends metric points to a run's metric histories: one chunk node per metric per batch.
// $runId, $chunks: list of {metricId, key, id, steps, values, timestamps (epoch ms), minStep, maxStep}
MATCH (r:Run {id: $runId})
UNWIND $chunks AS chunk
MERGE (m:Metric {id: chunk.metricId})
  ON CREATE SET m.key = chunk.key, m.runId = $runId
MERGE (r)-[:HAS_METRIC]->(m)
CREATE (m)-[:HAS_POINTS]->(:MetricPoints {
  id: chunk.id, steps: chunk.steps, values: chunk.values, timestamps: chunk.timestamps,
  minStep: chunk.minStep, maxStep: chunk.maxStep
})
