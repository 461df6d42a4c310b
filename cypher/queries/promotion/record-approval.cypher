// Records an approval to promote a model version into an environment, with the gate results then.
// $id, $approver, $environment, $rationale, $gateResults: JSON text, $passed, $modelVersionId
MATCH (mv:ModelVersion {id: $modelVersionId})
CREATE (a:Entity:Approval {
  id: $id, kind: 'Approval', createdAt: datetime(), approver: $approver, environment: $environment,
  rationale: $rationale, gateResults: $gateResults, passed: $passed
})
CREATE (a)-[:APPROVES]->(mv)
RETURN a {.*, modelVersionId: mv.id} AS approval
