// Whether an OpenLineage event was already ingested. $id: the event's key
MATCH (e:OpenLineageEvent {id: $id})
RETURN e.id AS id
