// Registered models of the MLflow project, by name, with their versions (and generating runs); what
// was deleted through MLflow (deletedAt) is left out.
// $projectId
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — what the caller may not
//   read is left out.
MATCH (m:Model)-[:IN_PROJECT]->(:Project {id: $projectId})
WHERE m.deletedAt IS NULL AND ($readAll OR ($readerId IS NOT NULL AND ($projectId IS NULL OR ($projectId IN $readableProjectIds
    AND (NOT coalesce(m.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(m) OR (m)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (m)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) })))))
CALL (m) {
  MATCH (v:ModelVersion)-[:VERSION_OF]->(m)
  WHERE v.deletedAt IS NULL AND ($readAll OR (NOT coalesce(v.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(v) OR (v)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (v)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) }))
  RETURN collect({version: v {.*}, runId: head([(v)-[:GENERATED_BY]->(r:Run) | r.id])}) AS versions
}
RETURN m {.*} AS model, versions
ORDER BY m.name
