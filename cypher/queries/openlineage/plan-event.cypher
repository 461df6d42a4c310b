// The plan of ingesting one OpenLineage event, read in one round trip: whether it was ingested
// already, every entity it names that exists (projects, experiment, run, datasets, versions), and
// what its run holds already: the versions it used, the versions it generated with what each was
// derived from, and its tags.
// $eventId: the event's key; $ids: the ids it names; $runId: its run, or null for job and dataset events
// One row: seen, entities, used [{id, kind}], generated [{id, kind, derivedFrom}], tags [{key, value}]
OPTIONAL MATCH (seen:OpenLineageEvent {id: $eventId})
CALL () {
  UNWIND $ids AS id
  MATCH (n:Entity {id: id})
  RETURN collect(n {.*}) AS entities
}
OPTIONAL MATCH (run:Run {id: $runId})
RETURN
  seen IS NOT NULL AS seen,
  entities,
  [(run)-[:USED]->(input) | input {.id, .kind}] AS used,
  [(output)-[:GENERATED_BY]->(run) | output {.id, .kind, derivedFrom: [(output)-[:DERIVED_FROM]->(source) | source.id]}] AS generated,
  [(run)-[:HAS_TAG]->(tag) | tag {.key, .value}] AS tags
