// Direct upstream versions (DERIVED_FROM) of many versions at once, for a DataLoader.
// $ids: version ids
UNWIND $ids AS id
MATCH (v:Entity {id: id})
RETURN id, [(v)-[:DERIVED_FROM]->(source) | source {.*}] AS related
