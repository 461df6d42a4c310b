// Creates one entity, optionally in a project and with owners (users or teams), unless an entity of
// its id exists: then it writes nothing and answers no row. A command planned it absent, but another
// command of its group (sharing its transaction) may have created it since; a create from another
// transaction waits for that one to end, so the database still decides which create wins.
// $kind: the node label; it comes from code (a fixed list), never from input
// $props: map of the entity's own properties, id included
// $projectId: project id or null; $ownerIds: list of user/team ids
MERGE (n:Entity {id: $props.id})
  ON CREATE SET n:$($kind), n = $props, n.kind = $kind, n.createdAt = datetime(), n._created = true
WITH n
WHERE n._created
REMOVE n._created
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
