// A webhook endpoint of a user or team. Its secret signs every delivery (HMAC-SHA256); the api
// answers it once, when the endpoint is registered.
// $props: {id, ownerId, url, format, description, secret, createdBy}
MATCH (owner:Entity {id: $props.ownerId})
CREATE (endpoint:WebhookEndpoint {
  id: $props.id, ownerId: $props.ownerId, url: $props.url, format: $props.format,
  description: $props.description, secret: $props.secret, createdBy: $props.createdBy, createdAt: datetime(),
  enabled: true, consecutiveFailures: 0, lastSeq: 0
})
CREATE (endpoint)-[:FOR]->(owner)
RETURN endpoint {.*, secret: null} AS endpoint
