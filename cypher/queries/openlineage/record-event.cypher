// Keeps an ingested OpenLineage event (its facets verbatim) with what it describes.
// $event: {id, eventType, eventTime, payload (JSON)}, $subjectId: run, experiment or dataset id
MATCH (subject:Entity {id: $subjectId})
MERGE (e:OpenLineageEvent {id: $event.id})
ON CREATE SET e += $event, e.eventTime = datetime($event.eventTime), e.receivedAt = datetime()
MERGE (e)-[:DESCRIBES]->(subject)
RETURN e.id AS id
