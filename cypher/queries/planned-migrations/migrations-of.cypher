// The planned migrations of a target (a dataset also lists its versions'), or of a project, newest first.
// $targetId (or null), $projectId (or null): at least one is given. $limit.
MATCH (migration:PlannedMigration)
WHERE ($targetId IS NULL OR migration.targetId = $targetId
       OR EXISTS { (migration)-[:PLANS_CHANGE_OF]->(:Entity)-[:VERSION_OF]->(:Entity {id: $targetId}) })
  AND ($projectId IS NULL OR EXISTS { (migration)-[:IN_PROJECT]->(:Project {id: $projectId}) })
RETURN migration {.*, createdAt: toString(migration.createdAt)} AS migration
ORDER BY migration.createdAt DESC, migration.id DESC
LIMIT toInteger($limit)
