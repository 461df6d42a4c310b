// One page of entities of a kind, ordered by name then id (keyset pagination).
// $kind; filters (each null for "any"): $projectId, $ownerId, $tag, $environment
// $afterName, $afterId: position of the last item of the previous page, or null; $limit
// `n.name IS NOT NULL` lets the planner seek the Entity(kind, name) index instead of scanning.
MATCH (n:Entity)
WHERE n.kind = $kind AND n.name IS NOT NULL
  AND ($projectId IS NULL OR EXISTS { (n)-[:IN_PROJECT]->(:Project {id: $projectId}) })
  AND ($ownerId IS NULL OR EXISTS { (n)-[:OWNED_BY]->(:Entity {id: $ownerId}) })
  AND ($tag IS NULL OR $tag IN n.tags)
  AND ($environment IS NULL OR n.environment = $environment)
  AND ($afterId IS NULL OR n.name > $afterName OR (n.name = $afterName AND n.id > $afterId))
RETURN n {.*} AS entity
ORDER BY n.name, n.id
LIMIT toInteger($limit)
