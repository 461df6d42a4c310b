// The version registered last of a dataset or feature set (by creation order), with its schema, so a
// new version's schema change can be computed in the transaction that registers it.
// $parentId: the dataset or feature set
MATCH (v:Entity)-[:VERSION_OF]->(:Entity {id: $parentId})
RETURN v.id AS id, v.schemaColumns AS schemaColumns
ORDER BY v.createdAt DESC, v.id DESC
LIMIT 1
