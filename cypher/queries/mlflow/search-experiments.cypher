// MLflow's search_experiments: one page of the experiments the caller may read that match parsed
// filter clauses, in the requested order (search-filter.ts compiledSearch: the same $keys/$clauses/
// $order scheme as search-runs.cypher), each with its tags.
// $archived: true (DELETED_ONLY), false (ACTIVE_ONLY) or null (ALL)
// $seed: a name or tag clause an index answers (search-filter.ts SearchSeed: {entity: attribute (the
//   name) or tag, key, ranges: [{from, below}]}; the clause still applies), or null for every experiment
// $keys: [{entity: attribute|tag, key}]: attribute keys experiment_id, name, creation_time,
//   last_update_time; tags are the experiment's EntityTags, plus `mnemo.project` (its project's slug)
//   for an experiment outside MLflow's project, as the api shows it
// $clauses, $order: cypher/fragments/search-clauses-hold.cypher, search-order.cypher (the service
//   sends newest first when the client names no order); then experiment id. $offset, $limit: the page.
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — what the caller may not
//   read is left out.
// One row per experiment: experiment, tags
CALL () {
  UNWIND CASE WHEN $seed.entity = 'attribute' THEN $seed.ranges ELSE [] END AS range
  MATCH (e:Experiment) WHERE e.name >= range.from AND e.name < range.below
  RETURN e
  UNION
  UNWIND CASE WHEN $seed.entity = 'tag' THEN $seed.ranges ELSE [] END AS range
  MATCH (t:EntityTag {key: $seed.key}) WHERE t.value >= range.from AND t.value < range.below
  MATCH (e:Experiment)-[:HAS_TAG]->(t)
  RETURN e
  UNION
  UNWIND CASE WHEN $seed IS NULL THEN [true] ELSE [] END AS everyExperiment
  MATCH (e:Experiment)
  RETURN e
}
WITH e
WHERE e.name IS NOT NULL
  AND ($archived IS NULL OR (e.archivedAt IS NOT NULL) = $archived)
  AND ($readAll OR ($readerId IS NOT NULL
    AND EXISTS { (e)-[:IN_PROJECT]->(p:Project) WHERE p.id IN $readableProjectIds }
    AND (NOT coalesce(e.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(e) OR (e)-[:OWNED_BY]->(grantee) })))
WITH e, {{fragment:mlflow-experiment-id}} AS experimentId
WITH e, experimentId, [k IN $keys | CASE
    WHEN k.entity = 'tag' AND k.key = 'mnemo.project' AND NOT e.id STARTS WITH 'experiment:mlflow/'
      THEN [split(substring(e.id, 11), '/')[0]]
    WHEN k.entity = 'tag' THEN [(e)-[:HAS_TAG]->(t:EntityTag {key: k.key}) | t.value]
    ELSE [x IN [CASE k.key
      WHEN 'experiment_id' THEN experimentId
      WHEN 'name' THEN e.name
      WHEN 'creation_time' THEN e.createdAt.epochMillis
      WHEN 'last_update_time' THEN e.createdAt.epochMillis
      END] WHERE x IS NOT NULL]
    END] AS values
WHERE {{fragment:search-clauses-hold}}
WITH e, experimentId, [o IN $order | head(values[toInteger(o.at)])] AS sort
ORDER BY
  {{fragment:search-order}}
  experimentId
SKIP toInteger($offset)
LIMIT toInteger($limit)
RETURN e {.*} AS experiment, [(e)-[:HAS_TAG]->(t:EntityTag) | t {.key, .value}] AS tags
