// Each deployment of a project with the model version it serves and the version before it: the one the
// deployment served before its latest promotion to this version (Promotion.previousVersionId), else the
// model's version registered before it; each with its generating run's latest metrics.
// $projectId
MATCH (:Project {id: $projectId})<-[:IN_PROJECT]-(d:Deployment)-[:SERVES]->(mv:ModelVersion)-[:VERSION_OF]->(model:Model)
CALL (d, mv) {
  OPTIONAL MATCH (d)<-[:INTO]-(p:Promotion)-[:PROMOTES]->(mv)
  WHERE p.previousVersionId IS NOT NULL AND p.previousVersionId <> mv.id
  RETURN p.previousVersionId AS promotedFrom
  ORDER BY p.createdAt DESC
  LIMIT 1
}
CALL (mv, model) {
  OPTIONAL MATCH (earlier:ModelVersion)-[:VERSION_OF]->(model)
  WHERE earlier.createdAt < mv.createdAt
  RETURN earlier.id AS registeredBefore
  ORDER BY earlier.createdAt DESC, earlier.id DESC
  LIMIT 1
}
WITH d, mv, coalesce(promotedFrom, registeredBefore) AS previousId
OPTIONAL MATCH (previous:ModelVersion {id: previousId})
RETURN d.id AS deploymentId, d.environment AS environment, mv.id AS versionId, previous.id AS previousId,
       [(mv)-[:GENERATED_BY]->(:Run)-[:HAS_METRIC]->(m) WHERE NOT m.key STARTS WITH 'system/' | m {.key, .value}] AS metrics,
       [(previous)-[:GENERATED_BY]->(:Run)-[:HAS_METRIC]->(m) WHERE NOT m.key STARTS WITH 'system/' | m {.key, .value}]
         AS previousMetrics
ORDER BY deploymentId
