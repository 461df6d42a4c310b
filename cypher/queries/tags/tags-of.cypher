// The tags of many entities at once (experiments, registered models, model versions), one row each.
// $ids: entity ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, [(n)-[:HAS_TAG]->(t:EntityTag) | t {.key, .value}] AS tags
