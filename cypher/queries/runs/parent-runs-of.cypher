// The run each run is a child of (CHILD_OF: OpenLineage's parent facet), for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (:Run {id: id})-[:CHILD_OF]->(parent:Run)
RETURN id, head(collect(parent {.*})) AS parent
