// Records (or updates) an artifact a run produced, with its GENERATED_BY edge to the run.
// $runId, $artifact: {id, name, path, uri, digest, sizeBytes, format, attributes (JSON string or null)}
MATCH (r:Run {id: $runId})
MERGE (a:Entity:Artifact {id: $artifact.id})
ON CREATE SET a.kind = 'Artifact', a.createdAt = datetime()
SET a += $artifact, a.updatedAt = datetime()
MERGE (a)-[:GENERATED_BY]->(r)
RETURN a {.*} AS artifact
