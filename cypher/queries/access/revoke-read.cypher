// Takes a user's or team's read grant on an entity away (no row: there was none).
// $entityId, $memberId
MATCH (m:Entity {id: $memberId})-[grant:MAY_READ]->(n:Entity {id: $entityId})
DELETE grant
RETURN n {.*} AS entity
