// Makes users members of teams.
// $memberships: list of {userId, teamId}
UNWIND $memberships AS membership
MATCH (u:User {id: membership.userId}), (t:Team {id: membership.teamId})
MERGE (u)-[:MEMBER_OF]->(t)
