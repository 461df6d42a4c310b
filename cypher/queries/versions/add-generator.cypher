// Adds a run that generated a version already registered (a later run writing the same content:
// OpenLineage outputs whose schema and statistics did not change). $versionId, $runId.
// Returns one row when the edge was added, none when it was there.
MATCH (v:Entity {id: $versionId}), (run:Run {id: $runId})
WHERE NOT (v)-[:GENERATED_BY]->(run)
CREATE (v)-[:GENERATED_BY {createdAt: datetime()}]->(run) // stamped: lineage as of a date reads it
RETURN run.id AS runId
