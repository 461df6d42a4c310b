// MLflow experiments of a name in every project, with the project's id: a name is unique within a
// project, so several projects may each hold one (the MLflow api picks, see MlflowService).
// $name
MATCH (e:Experiment {name: $name})-[:IN_PROJECT]->(p:Project)
RETURN e {.*} AS experiment, p.id AS projectId
ORDER BY p.id
