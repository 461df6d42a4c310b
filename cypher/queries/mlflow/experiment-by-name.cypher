// The MLflow experiment of a name: an Experiment of the MLflow project (MLflow names are unique there).
// $projectId, $name
MATCH (e:Experiment {name: $name})-[:IN_PROJECT]->(:Project {id: $projectId})
RETURN e {.*} AS experiment
LIMIT 1
