// Replaces who owns a catalog entity: its OWNED_BY edges become exactly $ownerIds (users or teams
// the service checked exist); returns the entity and its owners before, for the audit event.
// $entityId, $ownerIds: list of user/team ids
MATCH (n:Entity {id: $entityId})
WITH n, [(n)-[:OWNED_BY]->(o) | o.id] AS previousOwnerIds
CALL (n) {
  MATCH (n)-[old:OWNED_BY]->()
  DELETE old
}
CALL (n) {
  UNWIND $ownerIds AS ownerId
  MATCH (o:Entity {id: ownerId}) WHERE o:User OR o:Team
  CREATE (n)-[:OWNED_BY]->(o)
}
RETURN n {.*} AS entity, previousOwnerIds
