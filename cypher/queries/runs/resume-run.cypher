// Runs an ended run again (MLflow's start_run(run_id=...) of a finished run): RUNNING, and not
// ended until it finishes again. What it generated and logged stays.
// $runId
MATCH (r:Run {id: $runId})
SET r.status = 'RUNNING'
REMOVE r.endedAt
RETURN r {.*} AS run
