// The parameters of many runs at once, for a DataLoader and the write-once check.
// $ids: run ids
UNWIND $ids AS id
MATCH (r:Run {id: id})
RETURN id, [(r)-[:HAS_PARAM]->(p) | p {.key, .value}] AS params
