// Takes an endpoint's write lock for the rest of the transaction: dispatchers in every api replica
// claim its deliveries one at a time, each reading what the one before it committed.
// $id
MATCH (endpoint:WebhookEndpoint {id: $id})
SET endpoint._lock = true
REMOVE endpoint._lock
RETURN endpoint.id AS id
