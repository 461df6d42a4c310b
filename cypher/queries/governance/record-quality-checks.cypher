// Records (or re-records) data-quality checks of one run, each linked to the version it checked.
// $runId: the run; $checks: list of {id, name, passed, value (or null), datasetVersionId (or null)}
MATCH (run:Run {id: $runId})
UNWIND $checks AS c
MERGE (q:DataQualityCheck {id: c.id})
SET q.runId = $runId, q.name = c.name, q.passed = c.passed, q.value = c.value,
    q.datasetVersionId = c.datasetVersionId, q.recordedAt = datetime()
MERGE (run)-[:HAS_CHECK]->(q)
WITH q, c
CALL (q, c) {
  MATCH (v:Entity {id: c.datasetVersionId})
  MERGE (q)-[:CHECKS]->(v)
}
RETURN count(q) AS recorded
