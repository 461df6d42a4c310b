// The latest value of every metric of many runs at once, for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (r:Run {id: id})
RETURN id, [(r)-[:HAS_METRIC]->(m) | m {.key, .value, .step, .timestamp}] AS metrics
