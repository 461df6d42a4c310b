// Creates one entity, optionally in a project and with owners (users or teams).
// $kind: the node label; it comes from code (a fixed list), never from input
// $props: map of the entity's own properties, id included
// $projectId: project id or null; $ownerIds: list of user/team ids
CREATE (n:Entity:$($kind))
SET n = $props, n.kind = $kind, n.createdAt = datetime()
WITH n
CALL (n) {
  MATCH (p:Project {id: $projectId})
  CREATE (n)-[:IN_PROJECT]->(p)
}
CALL (n) {
  UNWIND $ownerIds AS ownerId
  MATCH (o:Entity {id: ownerId}) WHERE o:User OR o:Team
  CREATE (n)-[:OWNED_BY]->(o)
}
RETURN n {.*} AS entity
