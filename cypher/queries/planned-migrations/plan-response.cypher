// What an owner's answer to a migration reads: the migration, its project and that owner's
// acknowledgement (null when the owner was not asked).
// $migrationId, $ownerId. No row when the migration does not exist.
MATCH (migration:PlannedMigration {id: $migrationId})
OPTIONAL MATCH (migration)-[:IN_PROJECT]->(project:Project)
OPTIONAL MATCH (ack:MigrationAcknowledgement {id: $migrationId + '/ack/' + $ownerId})-[:ACKNOWLEDGEMENT_OF]->(migration)
OPTIONAL MATCH (owner:Entity {id: $ownerId}) WHERE owner:User OR owner:Team
RETURN migration {.*} AS migration, project.id AS projectId,
       CASE WHEN ack IS NULL THEN null ELSE ack {.*, respondedAt: toString(ack.respondedAt)} END AS acknowledgement,
       owner.kind AS ownerKind
