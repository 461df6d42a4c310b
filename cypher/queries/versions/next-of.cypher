// The version registered just after each version of the same parent (by registration time, then id).
// $ids: version ids
// One row per version that has one: id, version
UNWIND $ids AS id
MATCH (v:Entity {id: id})-[:VERSION_OF]->(parent)
MATCH (parent)<-[:VERSION_OF]-(other)
WHERE other.createdAt > v.createdAt OR (other.createdAt = v.createdAt AND other.id > v.id)
WITH id, other ORDER BY other.createdAt, other.id
RETURN id, head(collect(other {.*})) AS version
