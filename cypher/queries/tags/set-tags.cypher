// Sets tags (MLflow's experiment, registered-model and model-version tags) on an entity; a tag's value
// may change. Returns the tags whose value changed, with the value before (null when new).
// $id: the entity; $tags: list of {key, value}
MATCH (n:Entity {id: $id})
// The entity's write lock first: concurrent writers of its tags take turns, so MERGE makes one tag a key.
SET n.tagsChangedAt = datetime()
WITH n
UNWIND $tags AS tag
OPTIONAL MATCH (n)-[:HAS_TAG]->(old:EntityTag {key: tag.key})
WITH n, tag, old.value AS before
WHERE before IS NULL OR before <> tag.value
MERGE (n)-[:HAS_TAG]->(t:EntityTag {key: tag.key})
SET t.value = tag.value
RETURN tag.key AS key, before, tag.value AS value
