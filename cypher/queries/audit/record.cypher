// Appends one audit event; written in the same transaction as the change it describes.
// $id, $actor, $action (e.g. dataset-version.registered), $entityId, $entityKind,
// $before, $after: JSON text of the state before and after, or null
CREATE (:AuditEvent {
  id: $id, at: datetime(), actor: $actor, action: $action,
  entityId: $entityId, entityKind: $entityKind, before: $before, after: $after
})
