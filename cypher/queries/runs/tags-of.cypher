// The tags of many runs at once, for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (r:Run {id: id})
RETURN id, [(r)-[:HAS_TAG]->(t) | t {.key, .value}] AS tags
