// Keeps an ingested OpenLineage event (its facets verbatim) with what it describes.
// $event: {id, eventType, eventTime, payload (JSON)}, $subjectIds: the run, experiment or dataset
// first, then the dataset versions or datasets the event named
MERGE (e:OpenLineageEvent {id: $event.id})
ON CREATE SET e += $event, e.eventTime = datetime($event.eventTime), e.receivedAt = datetime()
WITH e
UNWIND $subjectIds AS subjectId
MATCH (subject:Entity {id: subjectId})
MERGE (e)-[:DESCRIBES]->(subject)
RETURN count(subject) AS described
