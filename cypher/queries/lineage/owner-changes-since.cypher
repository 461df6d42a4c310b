// Whose owners changed after $asOf, among the given nodes: a node is owned through its parent when
// it is a version, else directly. For each such owner holder, the `before` (JSON text) of its first
// ownership change after $asOf — the owners it had at $asOf — and the node ids it answers for.
// Holders whose owners never changed since are left out: their owners then are today's. One index
// seek (AuditEvent(entityId, at)) per distinct holder.
// $ids: node ids; $asOf: ISO 8601 date-time; $action: the ownership change's audit action
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[:VERSION_OF]->(parent)
WITH coalesce(parent, n) AS holder, collect(id) AS ids
CALL (holder) {
  MATCH (event:AuditEvent {entityId: holder.id})
  WHERE event.action = $action AND event.at > datetime($asOf)
  RETURN event.before AS before
  ORDER BY event.at
  LIMIT 1
}
RETURN ids, before
