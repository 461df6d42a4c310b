// Removes a tag from a run. $runId, $key. Returns the removed value.
MATCH (:Run {id: $runId})-[:HAS_TAG]->(t:RunTag {key: $key})
WITH t, t.value AS value
DETACH DELETE t
RETURN value
