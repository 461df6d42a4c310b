// The planned migrations of a target (a dataset also lists its versions'), or of a project, newest
// first. Each starts from its anchor (the target by id, or the project), never from every migration.
// $targetId (or null), $projectId (or null): at least one is given; both: the target's in that project.
// $limit.
CALL () {
  MATCH (:Entity {id: $targetId})<-[:VERSION_OF*0..1]-(:Entity)<-[:PLANS_CHANGE_OF]-(migration:PlannedMigration)
  RETURN migration
  UNION
  MATCH (:Project {id: $projectId})<-[:IN_PROJECT]-(migration:PlannedMigration)
  WHERE $targetId IS NULL
  RETURN migration
}
WITH migration
WHERE $projectId IS NULL OR EXISTS { (migration)-[:IN_PROJECT]->(:Project {id: $projectId}) }
RETURN migration {.*, createdAt: toString(migration.createdAt)} AS migration
ORDER BY migration.createdAt DESC, migration.id DESC
LIMIT toInteger($limit)
