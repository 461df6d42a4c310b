// Starts a run in an experiment, owned by a user, with the versions it uses.
// $experimentId, $ownerId (user id or null), $props: the run's own properties (id included),
// $startedAt: ISO date-time, $inputs: list of {versionId, role}
MATCH (e:Experiment {id: $experimentId})
CREATE (r:Entity:Run)-[:IN_EXPERIMENT]->(e)
SET r = $props, r.kind = 'Run', r.status = 'RUNNING', r.createdAt = datetime(), r.startedAt = datetime($startedAt)
WITH r
CALL (r) {
  MATCH (owner:User {id: $ownerId})
  CREATE (r)-[:OWNED_BY]->(owner)
}
CALL (r) {
  UNWIND $inputs AS input
  MATCH (version:Entity {id: input.versionId})
  CREATE (r)-[:USED {role: input.role}]->(version)
}
RETURN r {.*} AS run
