// Marks a catalog entity restricted (or not) and copies the flag onto its versions, so a read check
// looks at one property; returns the entity and the flag it had before.
// $entityId, $restricted
MATCH (n:Entity {id: $entityId})
WITH n, coalesce(n.restricted, false) AS previous
SET n.restricted = $restricted
WITH n, previous
CALL (n) {
  MATCH (version:Entity)-[:VERSION_OF]->(n)
  SET version.restricted = $restricted
}
RETURN n {.*} AS entity, previous
