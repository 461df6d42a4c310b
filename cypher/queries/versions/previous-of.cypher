// The version registered just before each version of the same parent (by registration time, then id).
// $ids: version ids
// One row per version that has one: id, version
UNWIND $ids AS id
MATCH (v:Entity {id: id})-[:VERSION_OF]->(parent)
MATCH (parent)<-[:VERSION_OF]-(other)
WHERE other.createdAt < v.createdAt OR (other.createdAt = v.createdAt AND other.id < v.id)
WITH id, other ORDER BY other.createdAt DESC, other.id DESC
RETURN id, head(collect(other {.*})) AS version
