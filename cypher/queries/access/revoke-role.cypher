// Takes a user's or team's role in a project away; returns the role it held (no row: none).
// $projectId, $memberId
MATCH (m:Entity {id: $memberId})-[held:HAS_ROLE]->(p:Project {id: $projectId})
WITH held, held.role AS previous
DELETE held
RETURN previous
