// Records a planned migration, linked to what it changes and to its project, with one pending
// acknowledgement per owner to notify.
// $props: the migration's own properties (id, name, changeKind, columns, effectiveAt, note, plannedBy,
// impactReport (JSON text), affectedIds, targetId); $projectId (or null); $ownerIds: owners to notify.
MATCH (target:Entity {id: $props.targetId})
CREATE (migration:Entity:PlannedMigration)-[:PLANS_CHANGE_OF]->(target)
SET migration = $props, migration.kind = 'PlannedMigration', migration.createdAt = datetime()
WITH migration
CALL (migration) {
  MATCH (project:Project {id: $projectId})
  CREATE (migration)-[:IN_PROJECT]->(project)
}
CALL (migration) {
  UNWIND $ownerIds AS ownerId
  MATCH (owner:Entity {id: ownerId})
  CREATE (ack:MigrationAcknowledgement {id: migration.id + '/ack/' + ownerId, ownerId: ownerId, state: 'PENDING',
          createdAt: datetime()})-[:ACKNOWLEDGEMENT_OF]->(migration)
  CREATE (ack)-[:FROM_OWNER]->(owner)
}
RETURN migration {.*} AS migration
