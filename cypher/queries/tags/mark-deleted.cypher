// Marks entities deleted (MLflow's delete of a registered model or a model version): gone from MLflow's
// API, kept in the graph with their edges (lineage, deployments) and audit trail. $ids
// Returns those not deleted before.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n.deletedAt IS NULL
SET n.deletedAt = datetime()
RETURN n.id AS id, n.kind AS kind
