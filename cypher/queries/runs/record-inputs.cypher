// Records versions a run used after it started (MLflow log_inputs, OpenLineage inputs); an input
// recorded again keeps its one USED edge. Returns the inputs that were new.
// $runId, $inputs: list of {versionId, role}
MATCH (r:Run {id: $runId})
UNWIND $inputs AS input
MATCH (version:Entity {id: input.versionId})
OPTIONAL MATCH (r)-[existing:USED]->(version)
WITH r, version, input, existing
WHERE existing IS NULL
// Stamped: an edge added after both its ends existed (lineage as of a date reads it).
CREATE (r)-[:USED {role: input.role, createdAt: datetime()}]->(version)
RETURN input.versionId AS versionId, input.role AS role
