// Who approved promoting a model version into one environment, oldest first.
// $id: model version id; $environment
MATCH (a:Approval {environment: $environment})-[:APPROVES]->(:ModelVersion {id: $id})
RETURN a.id AS id, a.approver AS approver
ORDER BY a.createdAt, a.id
