// The delivery log's retention: deliveries settled (DELIVERED or GAVE_UP) whose last attempt is more
// than $retentionDays old are deleted with their attempts, at most 5,000 per sweep (a constant: group
// commit's batched form allows no parameter in LIMIT); pending ones and the notifications themselves
// (the inbox) stay. When any is due, the sweep marker is written first: its lock makes replicas
// sweeping at once take turns, and the deliveries are read after it, so none is deleted twice.
// Nothing due: nothing is written.
// $retentionDays
// One row: deleted (how many deliveries)
// Whether any is due stops at the first one found (a count would read the whole backlog).
WITH EXISTS {
  MATCH (delivery:Delivery)
  WHERE delivery.status IN ['DELIVERED', 'GAVE_UP']
    AND delivery.lastAttemptAt < datetime() - duration({days: $retentionDays})
} AS due
CALL (due) {
  WITH due WHERE due
  MERGE (marker:OutboxSweep {id: 'outbox'})
  SET marker.sweptAt = datetime()
  WITH marker
  MATCH (delivery:Delivery)
  WHERE delivery.status IN ['DELIVERED', 'GAVE_UP']
    AND delivery.lastAttemptAt < datetime() - duration({days: $retentionDays})
  WITH delivery LIMIT 5000
  CALL (delivery) {
    MATCH (attempt:DeliveryAttempt)-[:ATTEMPT_OF]->(delivery)
    DETACH DELETE attempt
  }
  DETACH DELETE delivery
  RETURN count(*) AS deleted
}
RETURN coalesce(sum(deleted), 0) AS deleted
