// Re-points runs from an observed version to the version written before they read it: the run
// USED the written version instead, and what the run generated derives from it instead.
// $versionId: the written version; $moves: list of {runId, observedId}
// One row: moved (how many runs were re-pointed)
MATCH (written:DatasetVersion {id: $versionId})
UNWIND $moves AS move
MATCH (run:Run {id: move.runId})-[used:USED]->(observed:DatasetVersion {id: move.observedId})
MERGE (run)-[now:USED]->(written)
  ON CREATE SET now.role = used.role
DELETE used
WITH written, run, observed
CALL (written, run, observed) {
  MATCH (output)-[:GENERATED_BY]->(run)
  MATCH (output)-[derived:DERIVED_FROM]->(observed)
  WHERE output <> written
  MERGE (output)-[:DERIVED_FROM]->(written)
  DELETE derived
}
RETURN count(DISTINCT run) AS moved
