// The OpenLineage events describing each of many entities, in event time order. $ids
UNWIND $ids AS id
MATCH (subject:Entity {id: id})
RETURN id, [(e:OpenLineageEvent)-[:DESCRIBES]->(subject) |
  {eventType: e.eventType, eventTime: toString(e.eventTime), payload: e.payload}] AS events
