// The runs inside each run (CHILD_OF), oldest first, for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (:Run {id: id})<-[:CHILD_OF]-(child:Run)
WITH id, child ORDER BY child.startedAt, child.id
RETURN id, collect(child {.*}) AS related
