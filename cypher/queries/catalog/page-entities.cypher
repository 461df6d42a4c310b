// One page of entities of a kind, ordered by name then id (keyset pagination).
// $kind; filters (each null for "any"): $projectId, $ownerId, $tag, $environment; $topLevel: true to
//   leave out what is part of another (PART_OF: an OpenLineage job inside another)
// $afterName, $afterId: position of the last item of the previous page, or null; $limit
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — what the caller may not
//   read is left out (a Project is readable with a role in it; restricted ones need a grant).
// `n.name IS NOT NULL` lets the planner seek the Entity(kind, name) index instead of scanning.
MATCH (n:Entity)
WHERE n.kind = $kind AND n.name IS NOT NULL
  AND ($projectId IS NULL OR EXISTS { (n)-[:IN_PROJECT]->(:Project {id: $projectId}) })
  AND ($ownerId IS NULL OR EXISTS { (n)-[:OWNED_BY]->(:Entity {id: $ownerId}) })
  AND ($tag IS NULL OR $tag IN n.tags)
  AND ($environment IS NULL OR n.environment = $environment)
  AND (NOT $topLevel OR NOT EXISTS { (n)-[:PART_OF]->() })
  AND ($afterId IS NULL OR n.name > $afterName OR (n.name = $afterName AND n.id > $afterId))
  AND ($readAll OR ($readerId IS NOT NULL
    AND CASE WHEN n:Project THEN n.id IN $readableProjectIds
             WHEN NOT EXISTS { (n)-[:IN_PROJECT]->() } THEN true
             ELSE EXISTS { (n)-[:IN_PROJECT]->(p:Project) WHERE p.id IN $readableProjectIds } END
    AND (NOT coalesce(n.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(n) OR (n)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (n)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) })))
RETURN n {.*} AS entity
ORDER BY n.name, n.id
LIMIT toInteger($limit)
