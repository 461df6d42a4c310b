// A project's dataset and feature set versions that follow an earlier one and carry a stored schema
// change or column statistics, with the previous version's statistics, oldest first.
// $projectId
MATCH (:Project {id: $projectId})<-[:IN_PROJECT]-(parent:Entity)<-[:VERSION_OF]-(v:Entity)
WHERE (parent:Dataset OR parent:FeatureSet) AND v.previousVersionId IS NOT NULL
  AND (v.schemaChange IS NOT NULL OR v.columnStats IS NOT NULL)
OPTIONAL MATCH (previous:Entity {id: v.previousVersionId})
RETURN v.id AS id, v.kind AS kind, v.previousVersionId AS previousVersionId, v.schemaChange AS schemaChange,
       v.columnStats AS columnStats, previous.columnStats AS previousStats
ORDER BY v.createdAt, v.id
