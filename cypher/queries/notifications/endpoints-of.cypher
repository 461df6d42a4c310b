// The webhook endpoints of users and teams, without their secrets, oldest first.
// $ownerIds
UNWIND $ownerIds AS ownerId
MATCH (endpoint:WebhookEndpoint {ownerId: ownerId})
WITH ownerId, endpoint ORDER BY endpoint.createdAt, endpoint.id
RETURN ownerId, collect(endpoint {.*, secret: null}) AS endpoints
