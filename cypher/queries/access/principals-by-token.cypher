// Who tokens' secrets stand for: each token, its user, the user's org roles and every project
// role held by the user or one of its teams (the caller takes the highest per project), and its teams.
// $hashes: SHA-256 hex of the secrets (requests arriving together are looked up together)
// One row per known hash, with the access revision it was read at (access/revision.cypher)
OPTIONAL MATCH (rev:AccessRevision {id: 'access'})
WITH rev.revision AS revision
UNWIND $hashes AS hash
MATCH (t:ApiToken {hash: hash})-[:TOKEN_OF]->(u:User)
CALL (u) {
  OPTIONAL MATCH (u)-[own:HAS_ROLE]->(p:Project)
  RETURN collect({projectId: p.id, role: own.role, via: u.id}) AS own
}
CALL (u) {
  OPTIONAL MATCH (u)-[:MEMBER_OF]->(team:Team)-[held:HAS_ROLE]->(p:Project)
  RETURN collect({projectId: p.id, role: held.role, via: team.id}) AS viaTeams
}
RETURN hash, revision, t {.id, .revokedAt, .lastUsedAt} AS token, u.id AS userId, coalesce(u.orgRoles, []) AS orgRoles,
       [grant IN own + viaTeams WHERE grant.projectId IS NOT NULL] AS projectRoles,
       [(u)-[:MEMBER_OF]->(team:Team) | team.id] AS teamIds
