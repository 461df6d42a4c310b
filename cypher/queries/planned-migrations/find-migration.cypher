// One planned migration by id, with its project.
// $id. No row when there is none.
MATCH (migration:PlannedMigration {id: $id})
OPTIONAL MATCH (migration)-[:IN_PROJECT]->(project:Project)
RETURN migration {.*, createdAt: toString(migration.createdAt)} AS migration, project.id AS projectId
