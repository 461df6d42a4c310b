// OpenLineage events already ingested, found by their key (run id, event type, event time) so a
// replayed event changes nothing.
CREATE CONSTRAINT openlineage_event_id IF NOT EXISTS FOR (n:OpenLineageEvent) REQUIRE n.id IS UNIQUE;
