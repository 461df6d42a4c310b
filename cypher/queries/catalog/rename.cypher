// Renames an asset. $id, $name
MATCH (n:Entity {id: $id})
SET n.name = $name
RETURN n {.*} AS entity
