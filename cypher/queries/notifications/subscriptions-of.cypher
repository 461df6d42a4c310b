// The current subscriptions of users and teams (a page of subscribers at once, for a DataLoader or
// mySubscriptions), oldest first.
// $subscriberIds
UNWIND $subscriberIds AS subscriberId
MATCH (s:Subscription {subscriberId: subscriberId})
WHERE s.removedAt IS NULL
WITH subscriberId, s ORDER BY s.createdAt, s.id
RETURN subscriberId, collect(s {.*}) AS subscriptions
