// Appends one audit event; written in the same transaction as the change it describes.
// $id, $actor, $action (e.g. dataset-version.registered), $entityId, $entityKind,
// $before, $after: JSON text of the state before and after, or null; $requestId: or null;
// $projectId: the project when the caller knows it (a refused write's entity may be gone), or null.
// The event keeps the id of the project the entity belongs to (found through its catalog edges,
// the nearest project wins), so a project's trail is one index lookup and survives renames.
OPTIONAL MATCH (entity:Entity {id: $entityId})
OPTIONAL MATCH path = (entity)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|REVIEWS|PROMOTES|APPROVES*0..3]->()-[:IN_PROJECT]->(project:Project)
WITH entity, project ORDER BY length(path)
WITH entity, head(collect(project.id)) AS nearestProjectId
CREATE (event:AuditEvent {
  id: $id, at: datetime(), actor: $actor, action: $action,
  entityId: $entityId, entityKind: $entityKind, before: $before, after: $after,
  requestId: $requestId,
  projectId: CASE WHEN $projectId IS NOT NULL THEN $projectId WHEN entity:Project THEN entity.id ELSE nearestProjectId END
})
RETURN event.projectId AS projectId
