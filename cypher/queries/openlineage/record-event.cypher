// Keeps an ingested OpenLineage event (its facets verbatim) with what it describes.
// $event: {id, eventType, eventTime, payload (JSON)}, $subjectIds: the run, experiment or dataset
// first, then the dataset versions or datasets the event named.
// CREATE, not MERGE: when two transactions take the same event at once, the uniqueness constraint
// fails the second, which rolls back and finds the event recorded.
CREATE (e:OpenLineageEvent)
SET e += $event, e.eventTime = datetime($event.eventTime), e.receivedAt = datetime()
WITH e
UNWIND $subjectIds AS subjectId
MATCH (subject:Entity {id: subjectId})
MERGE (e)-[:DESCRIBES]->(subject)
RETURN count(subject) AS described
