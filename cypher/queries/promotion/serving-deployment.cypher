// The model's deployment in one environment (the lowest id when there are several), the version it
// serves now and that version's latest metrics (from its generating run).
// $modelId, $environment: 'DEV' | 'STAGING' | 'PROD'
MATCH (d:Deployment {environment: $environment})-[:SERVES]->(served:ModelVersion)-[:VERSION_OF]->(:Model {id: $modelId})
WITH d, served ORDER BY d.id LIMIT 1
RETURN d.id AS deploymentId, served.id AS servedVersionId,
       [(served)-[:GENERATED_BY]->(:Run)-[:HAS_METRIC]->(m) | m {.key, .value}] AS metrics
