// Takes datasets' write locks, then reads which version of each was current at a time, when a run
// wrote it. A reader about to record that it read a table nobody had written (an observed version)
// asks this first: a write of the table may be committing in another command at that moment, and
// its version node's VERSION_OF takes the same lock, so after the lock this read sees it (and the
// writer, when it commits second, sees this reader: versions/observed-readers.cypher).
// $datasetIds: sorted (locks are taken in that order); $at: the read's time (ISO 8601)
// One row per dataset with such a version: datasetId, id
UNWIND $datasetIds AS datasetId
MATCH (dataset:Dataset {id: datasetId})
SET dataset._lock = true
REMOVE dataset._lock
WITH dataset
CALL (dataset) {
  MATCH (version:DatasetVersion)-[:VERSION_OF]->(dataset)
  WITH version, coalesce(datetime(version.writtenAt), version.createdAt) AS writtenAt
  WHERE writtenAt <= datetime($at)
  WITH version ORDER BY writtenAt DESC, version.id DESC
  LIMIT 1
  RETURN version
}
WITH dataset, version WHERE EXISTS { (version)-[:GENERATED_BY]->(:Run) }
RETURN dataset.id AS datasetId, version.id AS id
