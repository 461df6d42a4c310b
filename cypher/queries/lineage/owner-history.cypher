// Who owned each node at $asOf, as the append-only audit trail tells it: a node's own owners and,
// for a version, its parent's (a version is owned through its dataset, feature set or model). For
// each holder: its owners today, the `after` of its last ownership change ($action) by
// $asOf, and the `before` of its first change after $asOf (JSON text; AuditEvent(entityId, at) is
// indexed). The service picks: the last change by then, else the state before the first later one,
// else today's owners.
// $ids: node ids; $asOf: ISO 8601 date-time; $action: the ownership change's audit action
UNWIND $ids AS id
MATCH (n:Entity {id: id})
UNWIND [(n)-[:VERSION_OF*0..1]->(holder) | holder] AS holder
CALL (holder) {
  OPTIONAL MATCH (event:AuditEvent {entityId: holder.id})
  WHERE event.action = $action
  WITH event ORDER BY event.at
  WITH collect(event) AS changes
  RETURN last([e IN changes WHERE e.at <= datetime($asOf) | e.after]) AS lastBefore,
         head([e IN changes WHERE e.at > datetime($asOf) | e.before]) AS firstAfter
}
RETURN id, [(holder)-[:OWNED_BY]->(o) | o.id] AS ownerIds, lastBefore, firstAfter
