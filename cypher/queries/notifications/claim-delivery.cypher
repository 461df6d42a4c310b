// Claims an endpoint's next delivery (the lowest `seq` still PENDING), if it is due and nobody
// holds the endpoint: the endpoint is leased to the claimer until `leaseUntil`, so no other
// dispatcher sends to it meanwhile (in order: delivery n+1 waits until n is delivered or given
// up). Run after lock-endpoint in the same transaction. No row: nothing to send now.
// $id, $claimer, $leaseMs
MATCH (endpoint:WebhookEndpoint {id: $id})
WHERE endpoint.enabled AND (endpoint.leaseUntil IS NULL OR endpoint.leaseUntil < datetime())
MATCH (endpoint)<-[:VIA]-(delivery:Delivery {status: 'PENDING'})
WITH endpoint, delivery ORDER BY delivery.seq LIMIT 1
WITH endpoint, delivery WHERE delivery.nextAttemptAt <= datetime()
MATCH (delivery)-[:OF]->(note:Notification)
SET endpoint.leaseUntil = datetime() + duration({milliseconds: $leaseMs}), endpoint.leaseHolder = $claimer,
    delivery.attempts = delivery.attempts + 1, delivery.claimedBy = $claimer
RETURN delivery {.*} AS delivery, note {.*} AS notification, endpoint {.*} AS endpoint
