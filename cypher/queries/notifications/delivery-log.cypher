// An endpoint's delivery log, newest first: each delivery with its notification's event and
// subject and every attempt (status code or error).
// $endpointIds, $limit
UNWIND $endpointIds AS endpointId
CALL (endpointId) {
  MATCH (delivery:Delivery {endpointId: endpointId})-[:OF]->(note:Notification)
  WITH delivery, note ORDER BY delivery.seq DESC LIMIT toInteger($limit)
  RETURN collect(delivery {
    .*, event: note.event, subjectId: note.subjectId, message: note.message,
    attemptLog: COLLECT {
      MATCH (attempt:DeliveryAttempt)-[:ATTEMPT_OF]->(delivery)
      WITH attempt ORDER BY attempt.number
      RETURN attempt {.*}
    }
  }) AS deliveries
}
RETURN endpointId, deliveries
