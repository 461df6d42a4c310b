// The plan of ingesting one OpenLineage event, read in one round trip: whether it was ingested
// already, every entity it names that exists (projects, experiment, run, datasets, versions), and
// what its run holds already: the versions it used, the versions it generated with what each was
// derived from, and its tags; and the version of each dataset it reads that was current at the
// event's time (the latest written or observed at or before it), with whether a run wrote it.
// $eventId: the event's key; $ids: the ids it names; $runId: its run, or null for job and dataset events
// $inputDatasetIds: the datasets the event's run reads; $eventTime: the event's time (ISO 8601), or null
// One row: seen, entities, used [{id, kind}], generated [{id, kind, derivedFrom}], tags [{key, value}],
//   latest [{datasetId, id, generated}], awaited (whether runs that arrived first name this run as their parent),
//   runProjectId (the project of the run, when it exists)
OPTIONAL MATCH (seen:OpenLineageEvent {id: $eventId})
{{fragment:entities-named}}
CALL () {
  UNWIND $inputDatasetIds AS datasetId
  // The latest by when it was written (its producer's time; registration time for versions of other
  // clients), from the index on (datasetId, writtenTime): one entry read, not every version.
  CALL (datasetId) {
    MATCH (version:DatasetVersion)
    // (Only a run event names inputs, and a run event always has its time.)
    WHERE version.datasetId = datasetId AND version.writtenTime <= datetime($eventTime)
    // Ordered as the index is (datasetId first), so Neo4j reads it newest first and stops.
    RETURN version ORDER BY version.datasetId DESC, version.writtenTime DESC, version.id DESC
    LIMIT 1
  }
  RETURN collect({datasetId: datasetId, id: version.id, generated: EXISTS { (version)-[:GENERATED_BY]->(:Run) }}) AS latest
}
OPTIONAL MATCH (run:Run {id: $runId})
RETURN
  seen IS NOT NULL AS seen,
  entities,
  [(run)-[:USED]->(input) | input {.id, .kind}] AS used,
  [(output)-[:GENERATED_BY]->(run) | output {.id, .kind, derivedFrom: [(output)-[:DERIVED_FROM]->(source) | source.id]}] AS generated,
  [(run)-[:HAS_TAG]->(tag) | tag {.key, .value}] AS tags,
  latest,
  $runId IS NOT NULL AND EXISTS { (:RunTag {key: 'openlineage.parentRunId', value: $runId}) } AS awaited,
  [(run)-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(project:Project) | project.id][0] AS runProjectId
