// Creates an API token for a user; only the SHA-256 of its secret is stored.
// $userId, $token: {id, name, hash}
MATCH (u:User {id: $userId})
CREATE (t:ApiToken {id: $token.id, name: $token.name, hash: $token.hash, createdAt: datetime()})-[:TOKEN_OF]->(u)
RETURN t {.id, .name, .createdAt, .revokedAt, .lastUsedAt, userId: u.id} AS token
