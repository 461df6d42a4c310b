// Takes the write lock on a run for the rest of the transaction, so writes to one run take turns
// (even from several api replicas) and each reads what the one before it committed.
// Setting and removing a marker property changes nothing but takes the node's exclusive lock.
// $runId. Returns the run's id, or no row when there is no such run.
MATCH (run:Run {id: $runId})
SET run._lock = true
REMOVE run._lock
RETURN run.id AS id
