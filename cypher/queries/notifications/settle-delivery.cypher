// The outcome of one attempt, written by the claimer that holds the endpoint's lease: the attempt
// joins the delivery log; the delivery is DELIVERED, retried later (PENDING with a later
// nextAttemptAt) or GAVE_UP; the endpoint's run of failures is counted, and at `$disableAfter`
// consecutive failures it is disabled with the reason. The lease ends either way.
// $id (delivery), $claimer, $statusCode (or null), $error (or null), $outcome: DELIVERED | RETRY | GAVE_UP,
// $retryInMs, $disableAfter
MATCH (delivery:Delivery {id: $id})-[:VIA]->(endpoint:WebhookEndpoint)
WHERE endpoint.leaseHolder = $claimer
CREATE (attempt:DeliveryAttempt {
  deliveryId: delivery.id, endpointId: endpoint.id, number: delivery.attempts, at: datetime(),
  statusCode: toInteger($statusCode), error: $error, outcome: $outcome
})-[:ATTEMPT_OF]->(delivery)
SET delivery.status = CASE $outcome WHEN 'RETRY' THEN 'PENDING' ELSE $outcome END,
    delivery.lastStatusCode = toInteger($statusCode), delivery.lastError = $error, delivery.lastAttemptAt = datetime(),
    delivery.nextAttemptAt = datetime() + duration({milliseconds: $retryInMs}),
    delivery.deliveredAt = CASE $outcome WHEN 'DELIVERED' THEN datetime() ELSE null END,
    endpoint.consecutiveFailures = CASE $outcome WHEN 'DELIVERED' THEN 0 ELSE endpoint.consecutiveFailures + 1 END,
    endpoint.leaseUntil = null, endpoint.leaseHolder = null
WITH delivery, endpoint, attempt, endpoint.enabled AND endpoint.consecutiveFailures >= $disableAfter AS disabling
SET attempt.endpointDisabled = disabling,
    endpoint.enabled = CASE WHEN disabling THEN false ELSE endpoint.enabled END,
    endpoint.disabledAt = CASE WHEN disabling THEN datetime() ELSE endpoint.disabledAt END,
    endpoint.disabledReason = CASE WHEN disabling
      THEN 'disabled after ' + endpoint.consecutiveFailures + ' consecutive failed attempts (last: ' +
           coalesce(toString(toInteger($statusCode)), $error, 'no answer') + ')'
      ELSE endpoint.disabledReason END
RETURN delivery.status AS status, disabling AS disabled, endpoint.disabledReason AS disabledReason
