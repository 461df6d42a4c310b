// A user's API tokens, newest first (never the hash).
// $userId
MATCH (t:ApiToken)-[:TOKEN_OF]->(u:User {id: $userId})
RETURN t {.id, .name, .createdAt, .revokedAt, .lastUsedAt, userId: u.id} AS token
ORDER BY t.createdAt DESC, t.id
