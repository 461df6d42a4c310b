// The audit trail is read by entity, by actor and by project, each over a time window, newest first.
CREATE INDEX audit_event_actor IF NOT EXISTS FOR (n:AuditEvent) ON (n.actor, n.at);
CREATE INDEX audit_event_project IF NOT EXISTS FOR (n:AuditEvent) ON (n.projectId, n.at);
CREATE INDEX audit_event_request IF NOT EXISTS FOR (n:AuditEvent) ON (n.requestId);

// Events written before 007 learn their project the way audit/record.cypher finds it for new ones
// (a derived, indexable field; what the event says happened is not touched).
MATCH (e:AuditEvent)
WHERE e.projectId IS NULL
CALL (e) {
  OPTIONAL MATCH (entity:Entity {id: e.entityId})
  OPTIONAL MATCH path = (entity)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|REVIEWS|PROMOTES|APPROVES*0..3]->()-[:IN_PROJECT]->(project:Project)
  WITH entity, project ORDER BY length(path)
  WITH entity, head(collect(project.id)) AS nearestProjectId
  SET e.projectId = CASE WHEN entity:Project THEN entity.id ELSE nearestProjectId END
} IN TRANSACTIONS OF 1000 ROWS;
