// The versions of many datasets/feature sets/models at once, newest first, for a DataLoader.
// $ids: parent ids
UNWIND $ids AS id
MATCH (parent:Entity {id: id})
CALL (parent) {
  MATCH (v)-[:VERSION_OF]->(parent)
  RETURN v ORDER BY v.createdAt DESC, v.id DESC
}
RETURN id, collect(v {.*}) AS versions
