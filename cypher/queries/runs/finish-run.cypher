// Ends a run: its final status, end time, compute cost, and the versions/artifacts it generated.
// $runId, $status, $endedAt (ISO date-time), $computeCostUsd (or null), $outputIds
MATCH (r:Run {id: $runId})
SET r.status = $status, r.endedAt = datetime($endedAt), r.computeCostUsd = $computeCostUsd
WITH r
CALL (r) {
  UNWIND $outputIds AS outputId
  MATCH (output:Entity {id: outputId})
  MERGE (output)-[generated:GENERATED_BY]->(r)
    ON CREATE SET generated.createdAt = datetime() // lineage as of a date: added after its ends
}
RETURN r {.*} AS run
