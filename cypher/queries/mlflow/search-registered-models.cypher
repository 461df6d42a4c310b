// MLflow's search_registered_models: one page of the registered models of the MLflow project that
// match parsed filter clauses, in the requested order (search-filter.ts compiledSearch: the same
// $keys/$clauses/$order scheme as search-runs.cypher), each with its versions. What was deleted
// through MLflow (deletedAt) is left out.
// $projectId
// $seed: a name or tag clause an index answers (search-filter.ts SearchSeed: {entity: attribute (the
//   name) or tag, key, ranges: [{from, below}]}; the clause still applies), or null for every model
// $keys: [{entity: attribute|tag, key}]: attribute keys name, last_updated_timestamp (the newest of
//   the model's and its versions' creation, as MLflow's create_model_version updates it); tags are
//   the model's EntityTags
// $clauses, $order: cypher/fragments/search-clauses-hold.cypher, search-order.cypher; then name.
// $offset, $limit: the page.
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — what the caller may not
//   read is left out.
// One row per model: model, tags, versions ([{version, runId, tags}], the versions MLflow shows); tags
//   [{key, value}]
CALL () {
  UNWIND CASE WHEN $seed.entity = 'attribute' THEN $seed.ranges ELSE [] END AS range
  MATCH (m:Model) WHERE m.name >= range.from AND m.name < range.below
  RETURN m
  UNION
  UNWIND CASE WHEN $seed.entity = 'tag' THEN $seed.ranges ELSE [] END AS range
  MATCH (t:EntityTag {key: $seed.key}) WHERE t.value >= range.from AND t.value < range.below
  MATCH (m:Model)-[:HAS_TAG]->(t)
  RETURN m
  UNION
  UNWIND CASE WHEN $seed IS NULL THEN [true] ELSE [] END AS everyModel
  MATCH (m:Model)
  RETURN m
}
WITH m
WHERE EXISTS { (m)-[:IN_PROJECT]->(:Project {id: $projectId}) } AND m.deletedAt IS NULL AND ($readAll OR ($readerId IS NOT NULL AND $projectId IN $readableProjectIds
    AND (NOT coalesce(m.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(m) OR (m)-[:OWNED_BY]->(grantee) })))
WITH m, [k IN $keys | CASE k.entity
    WHEN 'tag' THEN [(m)-[:HAS_TAG]->(t:EntityTag {key: k.key}) | t.value]
    ELSE [x IN [CASE k.key
      WHEN 'name' THEN m.name
      WHEN 'last_updated_timestamp' THEN reduce(newest = m.createdAt.epochMillis,
        created IN [(v:ModelVersion)-[:VERSION_OF]->(m) WHERE v.deletedAt IS NULL
          AND {{fragment:mlflow-version-readable}} | v.createdAt.epochMillis] |
        CASE WHEN created > newest THEN created ELSE newest END)
      END] WHERE x IS NOT NULL]
    END] AS values
WHERE {{fragment:search-clauses-hold}}
WITH m, [o IN $order | head(values[toInteger(o.at)])] AS sort
ORDER BY
  {{fragment:search-order}}
  m.name
SKIP toInteger($offset)
LIMIT toInteger($limit)
RETURN m {.*} AS model, [(m)-[:HAS_TAG]->(t:EntityTag) | t {.key, .value}] AS tags,
  [(v:ModelVersion)-[:VERSION_OF]->(m) WHERE v.deletedAt IS NULL AND {{fragment:mlflow-version-readable}} |
  {version: v {.*}, runId: head([(v)-[:GENERATED_BY]->(r:Run) | r.id]),
   tags: [(v)-[:HAS_TAG]->(t:EntityTag) | t {.key, .value}]}] AS versions
