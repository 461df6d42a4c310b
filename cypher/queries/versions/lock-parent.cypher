// Takes the write lock on a dataset, feature set or model for the rest of the transaction, so
// registrations that number their versions themselves take turns (also across api replicas) and
// each reads the number the one before it committed: two concurrent registrations get two numbers.
// $parentId. Returns the parent's id, or no row when there is none.
MATCH (parent:Entity {id: $parentId})
SET parent._lock = true
REMOVE parent._lock
RETURN parent.id AS id
