// Sets and removes metadata properties of one entity (a null value removes the property).
// $id: the entity; $props: map of `meta.<key>` to a string, a list of strings, or null
MATCH (n:Entity {id: $id})
SET n += $props
RETURN n {.*} AS entity
