// Moves a run's start earlier (a START event that arrived after its end). $runId, $startedAt
MATCH (r:Run {id: $runId})
WHERE r.startedAt > datetime($startedAt)
SET r.startedAt = datetime($startedAt)
RETURN r {.*} AS run
