// One webhook endpoint by id, without its secret.
// $id
MATCH (endpoint:WebhookEndpoint {id: $id})
RETURN endpoint {.*, secret: null} AS endpoint
