// Takes a dataset's write lock, then reads which of its versions was current at a time, when a run
// wrote it. A reader about to record that it read a table nobody had written (an observed version)
// asks this first: a write of the table may be committing in another command at that moment, and
// its version node's VERSION_OF takes the same lock, so after the lock this read sees it (and the
// writer, when it commits second, sees this reader: versions/observed-readers.cypher).
// $datasetId; $at: the read's time (ISO 8601)
// One row when such a version exists: id
MATCH (dataset:Dataset {id: $datasetId})
SET dataset._lock = true
REMOVE dataset._lock
WITH dataset
MATCH (version:DatasetVersion)-[:VERSION_OF]->(dataset)
WITH version, coalesce(datetime(version.writtenAt), version.createdAt) AS writtenAt
WHERE writtenAt <= datetime($at)
WITH version ORDER BY writtenAt DESC, version.id DESC
LIMIT 1
WITH version WHERE EXISTS { (version)-[:GENERATED_BY]->(:Run) }
RETURN version.id AS id
