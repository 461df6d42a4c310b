// Starts a run with everything it was given in one statement: the run in its experiment, its owner,
// the versions it uses, its params and tags (the write of startRun's plan; the id is known free,
// and a concurrent start of the same id fails on the uniqueness constraint).
// $experimentId, $ownerId (user id or null), $props: the run's own properties (id included),
// $startedAt: ISO date-time, $inputs: list of {versionId, role}, $params and $tags: lists of {id, key, value}
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
CALL (r) {
  UNWIND $params AS param
  CREATE (r)-[:HAS_PARAM]->(:Param {id: param.id, key: param.key, value: param.value, runId: r.id})
}
CALL (r) {
  UNWIND $tags AS tag
  CREATE (r)-[:HAS_TAG]->(:RunTag {id: tag.id, key: tag.key, value: tag.value, runId: r.id})
}
RETURN r {.*} AS run
