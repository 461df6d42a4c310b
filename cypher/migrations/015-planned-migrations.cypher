// Planned migrations (issue 20): a PlannedMigration (an Entity: `<target id>/migration/<n>`) and one
// MigrationAcknowledgement per owner to notify (`<migration id>/ack/<owner id>`, not an Entity).
CREATE CONSTRAINT planned_migration_id IF NOT EXISTS FOR (n:PlannedMigration) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT migration_acknowledgement_id IF NOT EXISTS FOR (n:MigrationAcknowledgement) REQUIRE n.id IS UNIQUE;
