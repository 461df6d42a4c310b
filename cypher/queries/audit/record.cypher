// Appends a command's audit events, written in the same transaction as the change they describe
// (just before it commits, all at once).
// $events: list of {id, actor, action (e.g. dataset-version.registered), entityId, entityKind,
// before, after (JSON text of the state before and after, or null), requestId (or null),
// projectId (the project when the caller knows it: a refused write's entity may be gone; or null),
// seq (the event's place in the command: events keep that order within the command's time)}.
// Each event keeps the id of the project its entity belongs to (found through its catalog edges,
// the nearest project wins), so a project's trail is one index lookup and survives renames.
UNWIND $events AS event
OPTIONAL MATCH (entity:Entity {id: event.entityId})
CALL (entity) {
  OPTIONAL MATCH path = (entity)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|REVIEWS|PROMOTES|APPROVES*0..3]->()-[:IN_PROJECT]->(project:Project)
  WITH project ORDER BY length(path)
  RETURN head(collect(project.id)) AS nearestProjectId
}
CREATE (e:AuditEvent {
  id: event.id, at: datetime() + duration({nanoseconds: event.seq}), actor: event.actor, action: event.action,
  entityId: event.entityId, entityKind: event.entityKind, before: event.before, after: event.after,
  requestId: event.requestId,
  projectId: CASE WHEN event.projectId IS NOT NULL THEN event.projectId WHEN entity:Project THEN entity.id ELSE nearestProjectId END
})
