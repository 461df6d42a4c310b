// The final value of each model metric (not MLflow's system/*) of each ended, active run of a project,
// grouped by experiment, metric key and the data the run wrote: runs of one experiment that write
// different datasets (a pipeline preparing several tables) are not alike, so they are judged apart;
// runs writing no dataset or feature set version (training) form one group. Only groups of at least
// $minRuns runs are judged.
// $projectId, $minRuns
MATCH (:Project {id: $projectId})<-[:IN_PROJECT]-(e:Experiment)<-[:IN_EXPERIMENT]-(r:Run)
WHERE e.archivedAt IS NULL AND r.archivedAt IS NULL AND r.status <> 'RUNNING'
// What a run wrote, once per run (not once per metric of it)
WITH e, r, head(COLLECT {
  MATCH (r)<-[:GENERATED_BY]-(:DatasetVersion|FeatureSetVersion)-[:VERSION_OF]->(data)
  RETURN data.id ORDER BY data.id
}) AS writes
MATCH (r)-[:HAS_METRIC]->(m:Metric)
WHERE NOT m.key STARTS WITH 'system/' AND m.value = m.value
WITH e, m.key AS key, writes, collect({runId: r.id, value: m.value}) AS values
WHERE size(values) >= $minRuns
RETURN e.id AS experimentId, key, writes, values
ORDER BY experimentId, key, writes
