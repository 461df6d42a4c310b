// Appends metric points to a run's metric histories: one chunk node per metric per batch, keeps each
// metric's highest step (maxStep), and moves each metric's latest value forward (the highest step,
// then the latest time, then the highest value, as MLflow picks it) in the same statement.
// $runId, $chunks: list of {metricId, key, id, steps, values, timestamps (epoch ms), minStep, maxStep,
//   latest: {value, step, timestamp} (the chunk's highest point)}
MATCH (r:Run {id: $runId})
UNWIND $chunks AS chunk
MERGE (m:Metric {id: chunk.metricId})
  ON CREATE SET m.key = chunk.key, m.runId = $runId
MERGE (r)-[:HAS_METRIC]->(m)
CREATE (m)-[:HAS_POINTS]->(:MetricPoints {
  id: chunk.id, steps: chunk.steps, values: chunk.values, timestamps: chunk.timestamps,
  minStep: chunk.minStep, maxStep: chunk.maxStep
})
// The highest step of all the metric's chunks, which spares runs/lock-for-batch.cypher reading them
// for a batch above it; a metric written before maxStep was kept gets it from all its chunks once.
SET m.maxStep = CASE
  WHEN m.maxStep IS NULL THEN reduce(top = chunk.maxStep, step IN [(m)-[:HAS_POINTS]->(c:MetricPoints) | c.maxStep] |
    CASE WHEN step > top THEN step ELSE top END)
  WHEN chunk.maxStep > m.maxStep THEN chunk.maxStep
  ELSE m.maxStep
END
WITH m, chunk.latest AS candidate
WHERE m.step IS NULL OR candidate.step > m.step
   OR (candidate.step = m.step AND (candidate.timestamp > m.timestamp
     OR (candidate.timestamp = m.timestamp AND candidate.value > m.value)))
SET m.value = candidate.value, m.step = toInteger(candidate.step), m.timestamp = toInteger(candidate.timestamp)
