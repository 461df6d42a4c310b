// The users and teams granted read access to many entities at once (a version's include those of
// its dataset, feature set or model), for a DataLoader. Owners are not listed here.
// $ids: entity ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, COLLECT {
  MATCH (n)-[:VERSION_OF*0..1]->(:Entity)<-[:MAY_READ]-(m:Entity)
  WITH DISTINCT m
  ORDER BY m.id
  RETURN m {.*}
} AS readers
