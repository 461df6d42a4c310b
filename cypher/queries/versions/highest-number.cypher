// The highest whole-number version of a model, to number the next one.
// $parentId
MATCH (parent:Entity {id: $parentId})
OPTIONAL MATCH (v)-[:VERSION_OF]->(parent)
RETURN coalesce(max(toIntegerOrNull(v.version)), 0) AS highest
