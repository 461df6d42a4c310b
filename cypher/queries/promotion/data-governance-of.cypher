// Digest and classification of dataset / feature-set versions; a version without its own
// meta.classification inherits its parent's (VERSION_OF).
// $ids: version ids
UNWIND $ids AS id
MATCH (v:Entity {id: id})
OPTIONAL MATCH (v)-[:VERSION_OF]->(parent)
RETURN v.id AS id, v.kind AS kind, v.digest AS digest,
       coalesce(v.`meta.classification`, parent.`meta.classification`) AS classification
ORDER BY id
