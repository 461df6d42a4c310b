// Puts new datasets in their data source, registering the source the first time it is named.
// A source that exists is only read: writing to it (even removing a marker) would take its lock,
// and every concurrent event naming that source would wait in line for it. A source that does not
// exist is MERGEd on its Entity id (unique), so concurrent registrations meet on one node.
// The datasets are new (created by the same command), so their IN_SOURCE relationship is CREATEd.
// $source: {id, name, namespace, platform, host}; $datasetIds: datasets to put in it
// One row: created (whether this statement registered the source), source
OPTIONAL MATCH (found:DataSource {id: $source.id})
OPTIONAL CALL (found) {
  WITH found WHERE found IS NULL
  MERGE (registered:Entity {id: $source.id})
    ON CREATE SET registered:DataSource, registered += $source, registered.kind = 'DataSource',
      registered.createdAt = datetime(), registered._created = true
  WITH registered, coalesce(registered._created, false) AS created
  REMOVE registered._created
  RETURN registered, created
}
WITH coalesce(found, registered) AS source, coalesce(created, false) AS created
CALL (source) {
  UNWIND $datasetIds AS datasetId
  MATCH (dataset:Dataset {id: datasetId})
  CREATE (dataset)-[:IN_SOURCE]->(source)
}
RETURN created, source {.*} AS source
