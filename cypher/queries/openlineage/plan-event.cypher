// The plan of ingesting one OpenLineage event, read in one round trip: whether it was ingested
// already, every entity it names that exists (projects, experiment, run, datasets, versions), and
// what its run holds already: the versions it used, the versions it generated with what each was
// derived from, and its tags; and the latest version of each dataset it reads, with whether a run
// wrote it (the version a run reads is the one written last).
// $eventId: the event's key; $ids: the ids it names; $runId: its run, or null for job and dataset events
// $inputDatasetIds: the datasets the event's run reads
// One row: seen, entities, used [{id, kind}], generated [{id, kind, derivedFrom}], tags [{key, value}],
//   latest [{datasetId, id, generated}]
OPTIONAL MATCH (seen:OpenLineageEvent {id: $eventId})
CALL () {
  UNWIND $ids AS id
  MATCH (n:Entity {id: id})
  RETURN collect(n {.*}) AS entities
}
CALL () {
  UNWIND $inputDatasetIds AS datasetId
  MATCH (version:DatasetVersion)-[:VERSION_OF]->(:Dataset {id: datasetId})
  WITH datasetId, version ORDER BY version.createdAt DESC, version.id DESC
  WITH datasetId, head(collect(version)) AS version
  RETURN collect({datasetId: datasetId, id: version.id, generated: EXISTS { (version)-[:GENERATED_BY]->(:Run) }}) AS latest
}
OPTIONAL MATCH (run:Run {id: $runId})
RETURN
  seen IS NOT NULL AS seen,
  entities,
  [(run)-[:USED]->(input) | input {.id, .kind}] AS used,
  [(output)-[:GENERATED_BY]->(run) | output {.id, .kind, derivedFrom: [(output)-[:DERIVED_FROM]->(source) | source.id]}] AS generated,
  [(run)-[:HAS_TAG]->(tag) | tag {.key, .value}] AS tags,
  latest
