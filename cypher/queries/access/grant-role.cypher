// Gives a user or team a role in a project (replacing the role it held there); returns the previous one.
// $projectId, $memberId, $role
MATCH (p:Project {id: $projectId}), (m:Entity {id: $memberId}) WHERE m:User OR m:Team
OPTIONAL MATCH (m)-[old:HAS_ROLE]->(p)
WITH p, m, old, old.role AS previous
DELETE old
CREATE (m)-[:HAS_ROLE {role: $role, grantedAt: datetime()}]->(p)
RETURN previous
