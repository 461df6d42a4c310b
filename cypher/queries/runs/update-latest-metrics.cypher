// Moves each metric's latest value forward: the latest is the value at the highest step
// (then the latest timestamp), as MLflow defines it.
// $latest: list of {metricId, value, step, timestamp}, the highest point of each metric in this batch
UNWIND $latest AS candidate
MATCH (m:Metric {id: candidate.metricId})
WITH m, candidate
WHERE m.step IS NULL OR candidate.step > m.step
   OR (candidate.step = m.step AND candidate.timestamp >= m.timestamp)
SET m.value = candidate.value, m.step = toInteger(candidate.step), m.timestamp = toInteger(candidate.timestamp)
