// Takes datasets' write locks, then reads which version of each was current at a time, when a run
// wrote it. A reader about to record that it read a table nobody had written (an observed version)
// asks this first: a write of the table may be committing in another command at that moment, and
// registering its version takes the same lock (versions/create-version.cypher), so after the lock
// this read sees it (and the writer, when it commits second, sees this reader and what the reader
// derived from the observed version: versions/observed-readers.cypher).
// $datasetIds: sorted (locks are taken in that order); $at: the read's time (ISO 8601)
// One row per dataset with such a version: datasetId, id
UNWIND $datasetIds AS datasetId
MATCH (dataset:Dataset {id: datasetId})
SET dataset._lock = true
REMOVE dataset._lock
WITH dataset
// Only written versions count: an observation recorded after the write (a reader's START that
// arrived first, at a later time) does not hide it, as versions/observed-readers.cypher ignores it.
// Newest first through the index on (datasetId, writtenTime), so only the versions after the latest
// written one are looked at, not every version of the dataset.
CALL (dataset) {
  MATCH (version:DatasetVersion)
  WHERE version.datasetId = dataset.id AND version.writtenTime <= datetime($at)
    AND EXISTS { (version)-[:GENERATED_BY]->(:Run) }
  // Ordered as the index is (datasetId first), so Neo4j reads it newest first and stops.
  RETURN version ORDER BY version.datasetId DESC, version.writtenTime DESC, version.id DESC
  LIMIT 1
}
RETURN dataset.id AS datasetId, version.id AS id
