// Revokes an API token: it stays, marked, so the trail and the list still show it.
// $id
MATCH (t:ApiToken {id: $id})-[:TOKEN_OF]->(u:User)
SET t.revokedAt = datetime()
RETURN t {.id, .name, .createdAt, .revokedAt, .lastUsedAt, userId: u.id} AS token
