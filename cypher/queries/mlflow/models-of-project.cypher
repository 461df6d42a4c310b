// Registered models of the MLflow project, by name, with their versions (and generating runs).
// $projectId
MATCH (m:Model)-[:IN_PROJECT]->(:Project {id: $projectId})
RETURN m {.*} AS model,
       [(v:ModelVersion)-[:VERSION_OF]->(m) |
         {version: v {.*}, runId: head([(v)-[:GENERATED_BY]->(r:Run) | r.id])}] AS versions
ORDER BY m.name
