// The final value of each model metric (not MLflow's system/*) of each ended, active run of a project,
// grouped by experiment and metric key; only groups of at least $minRuns runs are judged.
// $projectId, $minRuns
MATCH (:Project {id: $projectId})<-[:IN_PROJECT]-(e:Experiment)<-[:IN_EXPERIMENT]-(r:Run)-[:HAS_METRIC]->(m:Metric)
WHERE e.archivedAt IS NULL AND r.archivedAt IS NULL AND r.status <> 'RUNNING'
  AND NOT m.key STARTS WITH 'system/' AND m.value = m.value
WITH e, m.key AS key, collect({runId: r.id, value: m.value}) AS values
WHERE size(values) >= $minRuns
RETURN e.id AS experimentId, key, values
ORDER BY experimentId, key
