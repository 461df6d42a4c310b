// Runs as MLflow shows them, in one query for a page of runs (MlflowService.runViews): each run with
// its params, latest metrics, tags and experiment, the dataset versions it used (with the role) and
// the logged models it generated.
// $ids: run ids
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — datasets and models the
//   caller may not read are left out.
// One row per run found: id, run, params, metrics, tags, experimentId, datasets, modelIds
UNWIND $ids AS id
MATCH (r:Run {id: id})
CALL (r) {
  MATCH (r)-[u:USED]->(v:DatasetVersion)-[:VERSION_OF]->(d:Dataset)
  WITH u, v, d, head(COLLECT { MATCH (d)-[:IN_PROJECT]->(p:Project) RETURN p.id }) AS projectId
  WHERE $readAll OR ($readerId IS NOT NULL AND (projectId IS NULL OR (projectId IN $readableProjectIds
    AND (NOT coalesce(v.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(v) OR (v)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (v)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) }))))
  RETURN collect({name: d.name, digest: v.version, uri: v.uri, rowCount: v.rowCount, role: u.role}) AS datasets
}
CALL (r) {
  MATCH (m:Artifact {format: 'mlflow-model'})-[:GENERATED_BY]->(r)
  WITH m, CASE WHEN m:Project THEN m.id ELSE head(COLLECT {
      MATCH path = (m)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|REVIEWS|PROMOTES|APPROVES*0..3]->()-[:IN_PROJECT]->(p:Project)
      RETURN p.id ORDER BY length(path) LIMIT 1 }) END AS projectId
  WHERE $readAll OR ($readerId IS NOT NULL AND (projectId IS NULL OR (projectId IN $readableProjectIds
    AND (NOT coalesce(m.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(m) OR (m)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (m)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) }))))
  RETURN collect(m.id) AS modelIds
}
RETURN id, r {.*} AS run,
  [(r)-[:HAS_PARAM]->(p) | p {.key, .value}] AS params,
  [(r)-[:HAS_METRIC]->(m) | m {.key, .value, .step, .timestamp}] AS metrics,
  [(r)-[:HAS_TAG]->(t) | t {.key, .value}] AS tags,
  head([(r)-[:IN_EXPERIMENT]->(e) | e.id]) AS experimentId,
  datasets, modelIds
