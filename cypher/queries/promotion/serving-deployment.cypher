// The model's deployment in one environment within the model's own project (the lowest id when there
// are several), the version it serves now and that version's latest metrics (from its generating run).
// Another project's deployment of the model is never "the" deployment a promotion moves or compares with.
// $modelId, $environment: 'DEV' | 'STAGING' | 'PROD'
MATCH (project:Project)<-[:IN_PROJECT]-(model:Model {id: $modelId})
MATCH (project)<-[:IN_PROJECT]-(d:Deployment {environment: $environment})-[:SERVES]->(served:ModelVersion)-[:VERSION_OF]->(model)
WITH d, served ORDER BY d.id LIMIT 1
RETURN d.id AS deploymentId, served.id AS servedVersionId,
       [(served)-[:GENERATED_BY]->(:Run)-[:HAS_METRIC]->(m) | m {.key, .value}] AS metrics
