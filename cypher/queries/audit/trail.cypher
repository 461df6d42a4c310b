// One page of the whole audit trail (no entity, actor or project named), newest first.
// The other filters narrow it further; each trail-* file anchors on a different index.
// $entityId, $actor, $projectId: or null; $since (inclusive), $until (exclusive): ISO date-times;
// $afterId: the id of the last event of the previous page, or null; $limit: the page size.
// $trailProjectIds: the projects whose events the caller may read, or null for all (org AUDITOR/ADMIN).
// $readerId: the reader; with $trailProjectIds, events about a restricted entity it is not granted are left out.
OPTIONAL MATCH (last:AuditEvent {id: $afterId})
WITH last
MATCH (e:AuditEvent)
WHERE e.at >= datetime($since) AND e.at < datetime($until)
  AND ($entityId IS NULL OR e.entityId = $entityId)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($projectId IS NULL OR e.projectId = $projectId)
  AND (last IS NULL OR e.at < last.at OR (e.at = last.at AND e.id < last.id))
  AND ($trailProjectIds IS NULL OR e.projectId IN $trailProjectIds)
  AND ($trailProjectIds IS NULL OR NOT EXISTS {
    MATCH (x:Entity {id: e.entityId})
    WHERE coalesce(x.restricted, false) AND NOT EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(x) OR (x)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (x)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) } })
RETURN e {.*} AS event
ORDER BY e.at DESC, e.id DESC
LIMIT toInteger($limit)
