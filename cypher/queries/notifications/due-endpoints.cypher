// Enabled webhook endpoints with a pending delivery and no live claim: candidates for the
// dispatcher, which claims each in a transaction of its own (claim-delivery.cypher decides).
// $limit
MATCH (endpoint:WebhookEndpoint {enabled: true})<-[:VIA]-(:Delivery {status: 'PENDING'})
WHERE endpoint.leaseUntil IS NULL OR endpoint.leaseUntil < datetime()
RETURN DISTINCT endpoint.id AS id
LIMIT toInteger($limit)
