// A user's org roles and every project role held by the user or one of its teams.
// $userId
MATCH (u:User {id: $userId})
CALL (u) {
  OPTIONAL MATCH (u)-[own:HAS_ROLE]->(p:Project)
  RETURN collect({projectId: p.id, role: own.role, via: u.id}) AS own
}
CALL (u) {
  OPTIONAL MATCH (u)-[:MEMBER_OF]->(team:Team)-[held:HAS_ROLE]->(p:Project)
  RETURN collect({projectId: p.id, role: held.role, via: team.id}) AS viaTeams
}
RETURN u.id AS userId, coalesce(u.orgRoles, []) AS orgRoles,
       [grant IN own + viaTeams WHERE grant.projectId IS NOT NULL] AS projectRoles
