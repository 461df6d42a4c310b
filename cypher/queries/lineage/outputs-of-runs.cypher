// What each of many runs generated (incoming GENERATED_BY), for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (r:Run {id: id})
RETURN id, [(output)-[:GENERATED_BY]->(r) | output {.*}] AS related
