// Registers an immutable version of a dataset, feature set or model, with its lineage.
// $kind: DatasetVersion | FeatureSetVersion | ModelVersion (from code, never from input)
// $parentId: the dataset/feature set/model; $props: the version's properties, id included
// $derivedFrom: ids of versions it was derived from; $generatedBy: id of the run that produced it, or null
// A version of a restricted parent is created restricted.
// The parent's write lock first: creating the VERSION_OF relationship alone does not take it (Neo4j 5
// locks a relationship's nodes shared), and a reader deciding which version of a dataset a run read
// takes it (versions/written-current-at.cypher) to see, or be seen by, a write committing meanwhile.
MATCH (parent:Entity {id: $parentId})
SET parent._lock = true
REMOVE parent._lock
CREATE (v:Entity:$($kind))-[:VERSION_OF]->(parent)
SET v = $props, v.kind = $kind, v.createdAt = datetime()
SET v.restricted = CASE WHEN parent.restricted THEN true END
// A dataset's versions are found by when they were written, through an index (migration 020).
SET v.datasetId = CASE WHEN $kind = 'DatasetVersion' THEN parent.id END,
    v.writtenTime = CASE WHEN $kind = 'DatasetVersion' THEN coalesce(datetime(v.writtenAt), v.createdAt) END
WITH v
CALL (v) {
  UNWIND $derivedFrom AS sourceId
  MATCH (source:Entity {id: sourceId})
  CREATE (v)-[:DERIVED_FROM]->(source)
}
CALL (v) {
  MATCH (run:Run {id: $generatedBy})
  CREATE (v)-[:GENERATED_BY]->(run)
}
RETURN v {.*} AS version
