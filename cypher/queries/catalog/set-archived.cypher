// Archives an entity (MLflow's "deleted": hidden from lists, kept in lineage and the audit trail), or
// restores it. $id, $archived (boolean). Returns the entity when its state changed.
MATCH (n:Entity {id: $id})
WHERE (n.archivedAt IS NOT NULL) <> $archived
SET n.archivedAt = CASE WHEN $archived THEN datetime() ELSE null END
RETURN n {.*} AS entity
