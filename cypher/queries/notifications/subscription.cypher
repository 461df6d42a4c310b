// One subscription by id, removed or not.
// $id
MATCH (s:Subscription {id: $id})
RETURN s {.*} AS subscription
