// Turns an endpoint on (its failure count starts again) or off, by a person: the log says who.
// $id, $enabled, $actor
MATCH (endpoint:WebhookEndpoint {id: $id})
SET endpoint.enabled = $enabled, endpoint.consecutiveFailures = 0,
    endpoint.disabledAt = CASE WHEN $enabled THEN null ELSE datetime() END,
    endpoint.disabledReason = CASE WHEN $enabled THEN null ELSE 'turned off by ' + $actor END
RETURN endpoint {.*, secret: null} AS endpoint
