// Sets an entity's description (catalog metadata, not content: a version's digest is unchanged).
// $id, $description. Returns the description before.
MATCH (n:Entity {id: $id})
WITH n, n.description AS before
SET n.description = $description
RETURN before
