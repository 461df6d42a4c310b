// The audit events about one entity (or all entities when $entityId is null), newest first.
// $entityId, $limit
MATCH (e:AuditEvent)
WHERE $entityId IS NULL OR e.entityId = $entityId
RETURN e {.*} AS event
ORDER BY e.at DESC, e.id DESC
LIMIT toInteger($limit)
