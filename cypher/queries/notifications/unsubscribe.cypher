// Ends a subscription: kept with removedAt (what was subscribed stays in the record), never deleted.
// $id, $actor
MATCH (s:Subscription {id: $id})
WHERE s.removedAt IS NULL
SET s.removedAt = datetime(), s.removedBy = $actor
RETURN s {.*} AS subscription
