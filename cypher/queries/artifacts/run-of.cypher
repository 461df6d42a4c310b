// The run that generated an artifact, and that run's experiment: where the artifact's files belong.
// $id: artifact id
MATCH (:Artifact {id: $id})-[:GENERATED_BY]->(r:Run)-[:IN_EXPERIMENT]->(e)
RETURN r.id AS runId, e.id AS experimentId
LIMIT 1
