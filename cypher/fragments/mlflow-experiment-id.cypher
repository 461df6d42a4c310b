// The MLflow experiment id of Experiment `e` (mlflow-ids.ts mlflowIdOf): its slug in MLflow's project,
// `<project slug>~<slug>` in any other.
CASE WHEN e.id STARTS WITH 'experiment:mlflow/' THEN substring(e.id, 18) ELSE replace(substring(e.id, 11), '/', '~') END
