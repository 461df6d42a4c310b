// Puts new datasets in their data source, registering the source the first time it is named.
// MERGE on the Entity id (unique) makes concurrent registrations of one source meet on one node.
// $source: {id, name, namespace, platform, host}; $datasetIds: datasets to put in it
// One row: created (whether this statement registered the source), source
MERGE (source:Entity {id: $source.id})
  ON CREATE SET source:DataSource, source += $source, source.kind = 'DataSource', source.createdAt = datetime(),
    source._created = true
WITH source, coalesce(source._created, false) AS created
REMOVE source._created
WITH source, created
CALL (source) {
  UNWIND $datasetIds AS datasetId
  MATCH (dataset:Dataset {id: datasetId})
  MERGE (dataset)-[:IN_SOURCE]->(source)
}
RETURN created, source {.*} AS source
