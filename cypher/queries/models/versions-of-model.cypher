// A model's versions in number order, each with the run that generated it.
// $modelId
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — what the caller may not
//   read is left out.
MATCH (v:ModelVersion)-[:VERSION_OF]->(model:Model {id: $modelId})
WITH v, head(COLLECT { MATCH (model)-[:IN_PROJECT]->(p:Project) RETURN p.id }) AS projectId
WHERE $readAll OR ($readerId IS NOT NULL AND (projectId IS NULL OR (projectId IN $readableProjectIds
    AND (NOT coalesce(v.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(v) OR (v)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (v)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) }))))
OPTIONAL MATCH (v)-[:GENERATED_BY]->(r:Run)
RETURN v {.*} AS version, r.id AS runId
ORDER BY toInteger(v.version), v.version
