// Lets a user or team read a restricted entity (and, for a dataset, feature set or model, its
// versions): (member)-[:MAY_READ]->(entity). Returns whether the grant was already there.
// $entityId, $memberId
MATCH (n:Entity {id: $entityId}), (m:Entity {id: $memberId}) WHERE m:User OR m:Team
OPTIONAL MATCH (m)-[old:MAY_READ]->(n)
WITH n, m, old IS NOT NULL AS existed
MERGE (m)-[grant:MAY_READ]->(n)
ON CREATE SET grant.grantedAt = datetime()
RETURN n {.*} AS entity, existed
