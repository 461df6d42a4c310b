// Deletes an entity's tag. Returns its value, no row when the entity had no such tag.
// $id: the entity; $key
MATCH (:Entity {id: $id})-[:HAS_TAG]->(t:EntityTag {key: $key})
WITH t, t.value AS value
DETACH DELETE t
RETURN value
