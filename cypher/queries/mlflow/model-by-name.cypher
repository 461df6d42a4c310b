// The registered model of an MLflow name: a Model of the MLflow project, not deleted through MLflow.
// $projectId, $name
MATCH (m:Model {name: $name})-[:IN_PROJECT]->(:Project {id: $projectId})
WHERE m.deletedAt IS NULL
RETURN m {.*} AS model
LIMIT 1
