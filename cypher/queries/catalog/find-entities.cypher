// Finds entities of any kind by id, one index lookup each (the shared :Entity label).
// $ids: list of ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n {.*} AS entity
