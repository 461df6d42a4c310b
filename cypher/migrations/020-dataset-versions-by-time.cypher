// A dataset's versions found through an index, not by reading every version it has: which version was
// current at an event's time (openlineage/plan-event, versions/written-current-at), and the observed
// versions a write re-points (versions/observed-readers). A table written hourly holds ~10,000 versions
// after a year; each event reading it read them all (~70 ms of Neo4j time at 10,000, ~210 at 30,000).
// Each DatasetVersion carries its dataset's id and when it was written (its producer's time, else its
// registration time), as versions/create-version.cypher sets them; versions made before are given them here.
CREATE INDEX dataset_version_written IF NOT EXISTS FOR (v:DatasetVersion) ON (v.datasetId, v.writtenTime);
CREATE INDEX dataset_version_label IF NOT EXISTS FOR (v:DatasetVersion) ON (v.datasetId, v.version);
MATCH (v:DatasetVersion)-[:VERSION_OF]->(dataset:Dataset) WHERE v.writtenTime IS NULL
CALL (v, dataset) {
  SET v.datasetId = dataset.id, v.writtenTime = coalesce(datetime(v.writtenAt), v.createdAt)
} IN TRANSACTIONS OF 10000 ROWS;
CALL db.awaitIndexes(600);
