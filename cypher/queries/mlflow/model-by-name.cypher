// The registered model of an MLflow name: a Model of the MLflow project.
// $projectId, $name
MATCH (m:Model {name: $name})-[:IN_PROJECT]->(:Project {id: $projectId})
RETURN m {.*} AS model
LIMIT 1
