// The runs of a project that read an observed version (`s-…`: nobody had written the dataset when
// their event arrived) of the dataset a version was just written to, at or after its writtenAt and
// before any later write: events that arrived before the write they read (issue 17, out of order).
// $versionId: the version written; $projectId: the project whose runs may be re-pointed
// One row per run and observed version: runId, observedId
MATCH (written:DatasetVersion {id: $versionId})-[:VERSION_OF]->(dataset:Dataset)
WITH written, dataset, datetime(written.writtenAt) AS writtenAt
WHERE writtenAt IS NOT NULL
// Both version lookups go through the indexes on (datasetId, version) and (datasetId, writtenTime)
// (migration 020), not through every version of the dataset.
MATCH (observed:DatasetVersion)
WHERE observed.datasetId = dataset.id AND observed.version STARTS WITH 's-'
MATCH (run:Run)-[:USED]->(observed)
WHERE run.startedAt >= writtenAt
  AND EXISTS { (run)-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(:Project {id: $projectId}) }
  AND NOT EXISTS {
    MATCH (later:DatasetVersion)
    WHERE later.datasetId = dataset.id AND later.writtenTime > writtenAt AND later.writtenTime <= run.startedAt
      AND later <> written AND later.writtenAt IS NOT NULL AND NOT later.version STARTS WITH 's-'
  }
RETURN run.id AS runId, observed.id AS observedId
