// The acknowledgements of many migrations, for a DataLoader, by owner id.
// $ids: migration ids. One row per migration that exists.
UNWIND $ids AS id
MATCH (migration:PlannedMigration {id: id})
CALL (migration) {
  OPTIONAL MATCH (ack:MigrationAcknowledgement)-[:ACKNOWLEDGEMENT_OF]->(migration)
  WITH ack ORDER BY ack.ownerId
  RETURN collect(ack {.*, createdAt: toString(ack.createdAt), respondedAt: toString(ack.respondedAt)}) AS acknowledgements
}
RETURN id, acknowledgements
