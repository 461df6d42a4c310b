// Points a deployment at another model version: its one SERVES edge and its copied modelVersionId.
// $deploymentId, $modelVersionId
MATCH (d:Deployment {id: $deploymentId}), (mv:ModelVersion {id: $modelVersionId})
CALL (d) {
  MATCH (d)-[old:SERVES]->()
  DELETE old
}
CREATE (d)-[:SERVES]->(mv)
SET d.modelVersionId = mv.id
RETURN d {.*} AS deployment
