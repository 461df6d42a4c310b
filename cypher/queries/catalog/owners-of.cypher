// The owners (users and teams) of many entities at once, for a DataLoader.
// $ids: entity ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, [(n)-[:OWNED_BY]->(o) | o {.*}] AS owners
