// Points a deployment at the model version it serves.
// $deploymentId, $modelVersionId
MATCH (d:Deployment {id: $deploymentId}), (mv:ModelVersion {id: $modelVersionId})
CREATE (d)-[:SERVES]->(mv)
