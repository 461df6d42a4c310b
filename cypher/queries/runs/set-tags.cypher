// Sets tags on a run; unlike params, a tag's value may change.
// $runId, $tags: list of {id, key, value}
MATCH (r:Run {id: $runId})
UNWIND $tags AS tag
MERGE (t:RunTag {id: tag.id})
  ON CREATE SET t.key = tag.key, t.runId = $runId
SET t.value = tag.value
MERGE (r)-[:HAS_TAG]->(t)
