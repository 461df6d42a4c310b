// MLflow's search_model_versions: one page of the versions of the MLflow project's registered models
// that match parsed filter clauses, in the requested order (search-filter.ts compiledSearch: the
// same $keys/$clauses/$order scheme as search-runs.cypher). Deleted models and versions are left out.
// $projectId
// $seed: a model name or tag clause an index answers (search-filter.ts SearchSeed: {entity: attribute
//   (the model's name) or tag (the version's), key, ranges: [{from, below}]}; the clause still
//   applies), or null for every version
// $stages: MLflow's stage names (a version in none of them is in 'None')
// $keys: [{entity: attribute|tag, key}]: attribute keys name, version_number, run_id, source_path,
//   current_stage, creation_timestamp, last_updated_timestamp; tags are the version's EntityTags
// $clauses, $order: cypher/fragments/search-clauses-hold.cypher, search-order.cypher; then model name,
//   newest version first. $offset, $limit: the page.
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — what the caller may not
//   read is left out.
// One row per version: model, version, runId, tags ([{key, value}])
CALL () {
  UNWIND CASE WHEN $seed.entity = 'attribute' THEN $seed.ranges ELSE [] END AS range
  MATCH (m:Model) WHERE m.name >= range.from AND m.name < range.below
  MATCH (v:ModelVersion)-[:VERSION_OF]->(m)
  RETURN m, v
  UNION
  UNWIND CASE WHEN $seed.entity = 'tag' THEN $seed.ranges ELSE [] END AS range
  MATCH (t:EntityTag {key: $seed.key}) WHERE t.value >= range.from AND t.value < range.below
  MATCH (m:Model)<-[:VERSION_OF]-(v:ModelVersion)-[:HAS_TAG]->(t)
  RETURN m, v
  UNION
  UNWIND CASE WHEN $seed IS NULL THEN [true] ELSE [] END AS everyVersion
  MATCH (v:ModelVersion)-[:VERSION_OF]->(m:Model)-[:IN_PROJECT]->(:Project {id: $projectId})
  RETURN m, v
}
WITH m, v
WHERE EXISTS { (m)-[:IN_PROJECT]->(:Project {id: $projectId}) } AND m.deletedAt IS NULL
  AND ($readAll OR ($readerId IS NOT NULL AND $projectId IN $readableProjectIds
    AND (NOT coalesce(m.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(m) OR (m)-[:OWNED_BY]->(grantee) })))
  AND v.deletedAt IS NULL AND {{fragment:mlflow-version-readable}}
WITH m, v, [k IN $keys | CASE k.entity
    WHEN 'tag' THEN [(v)-[:HAS_TAG]->(t:EntityTag {key: k.key}) | t.value]
    ELSE [x IN [CASE k.key
      WHEN 'name' THEN m.name
      WHEN 'version_number' THEN toInteger(v.version)
      WHEN 'run_id' THEN coalesce(substring(head([(v)-[:GENERATED_BY]->(r:Run) | r.id]), 4), '')
      WHEN 'source_path' THEN coalesce(v.uri, '')
      WHEN 'current_stage' THEN CASE WHEN v.mlflowStage IN $stages THEN v.mlflowStage ELSE 'None' END
      WHEN 'creation_timestamp' THEN v.createdAt.epochMillis
      WHEN 'last_updated_timestamp' THEN v.createdAt.epochMillis
      END] WHERE x IS NOT NULL]
    END] AS values
WHERE {{fragment:search-clauses-hold}}
WITH m, v, [o IN $order | head(values[toInteger(o.at)])] AS sort
ORDER BY
  {{fragment:search-order}}
  m.name, toInteger(v.version) DESC
SKIP toInteger($offset)
LIMIT toInteger($limit)
// The page's runs and tags only: a search need not read every candidate's.
RETURN m {.*} AS model, v {.*} AS version, head([(v)-[:GENERATED_BY]->(r:Run) | r.id]) AS runId,
  [(v)-[:HAS_TAG]->(t:EntityTag) | t {.key, .value}] AS tags
