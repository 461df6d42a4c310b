// A model's versions in number order, each with the run that generated it.
// $modelId
MATCH (v:ModelVersion)-[:VERSION_OF]->(:Model {id: $modelId})
OPTIONAL MATCH (v)-[:GENERATED_BY]->(r:Run)
RETURN v {.*} AS version, r.id AS runId
ORDER BY toInteger(v.version), v.version
