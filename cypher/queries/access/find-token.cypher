// One API token by id, with its user (never the hash).
// $id
MATCH (t:ApiToken {id: $id})-[:TOKEN_OF]->(u:User)
RETURN t {.id, .name, .createdAt, .revokedAt, .lastUsedAt, userId: u.id} AS token
