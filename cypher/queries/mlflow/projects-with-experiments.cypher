// Which of some projects hold an experiment: the MLflow api shows the experiments of every project.
// $projectIds
MATCH (p:Project)<-[:IN_PROJECT]-(:Experiment)
WHERE p.id IN $projectIds
RETURN DISTINCT p.id AS projectId
LIMIT 1
