// Notes when a token was last used; callers do this at most once a minute per token.
// $id
MATCH (t:ApiToken {id: $id})
SET t.lastUsedAt = datetime()
