// Registers an immutable version of a dataset, feature set or model, with its lineage.
// $kind: DatasetVersion | FeatureSetVersion | ModelVersion (from code, never from input)
// $parentId: the dataset/feature set/model; $props: the version's properties, id included
// $derivedFrom: ids of versions it was derived from; $generatedBy: id of the run that produced it, or null
// A version of a restricted parent is created restricted.
MATCH (parent:Entity {id: $parentId})
CREATE (v:Entity:$($kind))-[:VERSION_OF]->(parent)
SET v = $props, v.kind = $kind, v.createdAt = datetime()
SET v.restricted = CASE WHEN parent.restricted THEN true END
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
