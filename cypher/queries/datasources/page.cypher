// A page of data sources by name, each with how many of its datasets the caller may read.
// $afterName, $afterId: where the page before ended, or null; $limit (one more than the page)
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId
MATCH (source:DataSource)
WHERE $afterName IS NULL OR source.name > $afterName OR (source.name = $afterName AND source.id > $afterId)
WITH source ORDER BY source.name, source.id LIMIT toInteger($limit)
RETURN source {.*,
  datasetCount: COUNT {
    MATCH (source)<-[:IN_SOURCE]-(:Dataset)-[:IN_PROJECT]->(project:Project)
    WHERE $readAll OR project.id IN $readableProjectIds
  }
} AS entity
ORDER BY entity.name, entity.id
