// The run that generated each of many versions/artifacts, for a DataLoader.
// $ids: version or artifact ids
UNWIND $ids AS id
MATCH (v:Entity {id: id})
RETURN id, [(v)-[:GENERATED_BY]->(run) | run {.*}] AS related
