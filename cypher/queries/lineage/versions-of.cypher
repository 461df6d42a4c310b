// All versions of a dataset / feature set / model, given it or one of its versions.
// $id
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[:VERSION_OF]->(parent)
WITH coalesce(parent, n) AS parent
MATCH (v)-[:VERSION_OF]->(parent)
RETURN parent.id AS parentId, collect(v.id) AS versionIds
