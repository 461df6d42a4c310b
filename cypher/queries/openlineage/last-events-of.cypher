// When OpenLineage last said something about each of many runs (a streaming job's run never ends:
// its latest event says whether it is still alive), for a DataLoader.
// $ids: run ids
// One row per run that has events: id, lastEventAt
UNWIND $ids AS id
MATCH (:Run {id: id})<-[:DESCRIBES]-(event:OpenLineageEvent)
RETURN id, max(event.eventTime) AS lastEventAt
