// One page of runs matching a filter, ordered by start time or by a metric (keyset pagination).
// Filters (null or [] for "any"): $experimentId, $projectId, $status, $ownerId, $tagKey, $tagValue, $archived,
//   $params: [{key, value}] all equal; $metrics: [{key, op: GT|GTE|LT|LTE|EQ|NE, value}] all hold.
// Order: $sortMetric (metric key, or null for start time), $descending.
//   sortKey is the sort value negated when descending, so one ascending order serves both;
//   runs without the metric sort last ($lastKey).
// Page: $afterKey, $afterId (from the cursor, or null), $limit.
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — runs the caller may not
//   read (another project's, or restricted and not granted) are left out.
CALL () {
  MATCH (r:Run)-[:IN_EXPERIMENT]->(:Experiment {id: $experimentId})
  RETURN r
  UNION
  MATCH (r:Run)
  WHERE $experimentId IS NULL
  RETURN r
}
WITH r
WHERE ($projectId IS NULL OR EXISTS { (r)-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(:Project {id: $projectId}) })
  AND ($status IS NULL OR r.status = $status)
  AND ($archived IS NULL OR (r.archivedAt IS NOT NULL) = $archived)
  AND ($ownerId IS NULL OR EXISTS { (r)-[:OWNED_BY]->(:Entity {id: $ownerId}) })
  AND ($tagKey IS NULL OR EXISTS {
        MATCH (r)-[:HAS_TAG]->(t:RunTag {key: $tagKey}) WHERE $tagValue IS NULL OR t.value = $tagValue })
  AND all(p IN $params WHERE EXISTS { (r)-[:HAS_PARAM]->(:Param {key: p.key, value: p.value}) })
  AND all(c IN $metrics WHERE EXISTS {
        MATCH (r)-[:HAS_METRIC]->(m:Metric {key: c.key})
        WHERE (c.op = 'GT' AND m.value > c.value) OR (c.op = 'GTE' AND m.value >= c.value)
           OR (c.op = 'LT' AND m.value < c.value) OR (c.op = 'LTE' AND m.value <= c.value)
           OR (c.op = 'EQ' AND m.value = c.value) OR (c.op = 'NE' AND m.value <> c.value) })
WITH r
WHERE $readAll OR ($readerId IS NOT NULL
  AND EXISTS { (r)-[:IN_EXPERIMENT]->()-[:IN_PROJECT]->(p:Project) WHERE p.id IN $readableProjectIds }
  AND (NOT coalesce(r.restricted, false) OR EXISTS {
    MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
    WHERE (grantee)-[:MAY_READ]->(r) OR (r)-[:OWNED_BY]->(grantee) }))
OPTIONAL MATCH (r)-[:HAS_METRIC]->(sortMetric:Metric {key: $sortMetric})
WITH r, CASE WHEN $sortMetric IS NULL THEN toFloat(r.startedAt.epochMillis) ELSE sortMetric.value END AS raw
WITH r, CASE WHEN raw IS NULL OR isNaN(raw) THEN $lastKey WHEN $descending THEN -raw ELSE raw END AS sortKey
WHERE $afterId IS NULL OR sortKey > $afterKey OR (sortKey = $afterKey AND r.id > $afterId)
RETURN r {.*} AS run, sortKey
ORDER BY sortKey, r.id
LIMIT toInteger($limit)
