// Model versions served by deployments, and deployments serving model versions, for DataLoaders.
// $ids: deployment or model version ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, [(n)-[:SERVES]-(other) | other {.*}] AS related
