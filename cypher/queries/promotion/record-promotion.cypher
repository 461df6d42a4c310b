// Records a promotion: what was promoted (PROMOTES), into which deployment (INTO), by whom, the gate
// results it passed and the version served before.
// $id, $actor, $environment, $gateResults: JSON text, $previousVersionId (or null),
// $modelVersionId, $deploymentId
MATCH (mv:ModelVersion {id: $modelVersionId}), (d:Deployment {id: $deploymentId})
CREATE (p:Entity:Promotion {
  id: $id, kind: 'Promotion', createdAt: datetime(), actor: $actor, environment: $environment,
  gateResults: $gateResults, previousVersionId: $previousVersionId
})
CREATE (p)-[:PROMOTES]->(mv)
CREATE (p)-[:INTO]->(d)
RETURN p {.*, modelVersionId: mv.id, deploymentId: d.id} AS promotion
