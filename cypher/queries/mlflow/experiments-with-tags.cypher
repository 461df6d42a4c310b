// Every experiment the caller may read, with its tags, for MLflow's search_experiments (filtered,
// ordered and paged by the api: experiments are few). $archived: true, false or null for both.
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — what the caller may not
//   read is left out.
MATCH (n:Entity)
WHERE n.kind = 'Experiment' AND n.name IS NOT NULL
  AND ($archived IS NULL OR (n.archivedAt IS NOT NULL) = $archived)
  AND ($readAll OR ($readerId IS NOT NULL
    AND EXISTS { (n)-[:IN_PROJECT]->(p:Project) WHERE p.id IN $readableProjectIds }
    AND (NOT coalesce(n.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(n) OR (n)-[:OWNED_BY]->(grantee) })))
RETURN n {.*} AS experiment, [(n)-[:HAS_TAG]->(t:EntityTag) | t {.key, .value}] AS tags
