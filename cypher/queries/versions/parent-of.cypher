// The dataset/feature set/model that many versions belong to, for a DataLoader.
// $ids: version ids
UNWIND $ids AS id
MATCH (v:Entity {id: id})-[:VERSION_OF]->(parent)
RETURN id, parent {.*} AS parent
