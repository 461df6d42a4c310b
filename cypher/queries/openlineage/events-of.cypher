// The OpenLineage events describing each of many entities, in event time order. $ids
UNWIND $ids AS id
MATCH (subject:Entity {id: id})
OPTIONAL MATCH (e:OpenLineageEvent)-[:DESCRIBES]->(subject)
WITH id, e ORDER BY e.eventTime, e.id
RETURN id, [event IN collect(e) | event {.id, .eventType, .payload, eventTime: toString(event.eventTime),
  receivedAt: toString(event.receivedAt)}] AS events
