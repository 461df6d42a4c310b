// Moves a model version to an MLflow stage (None, Staging, Production, Archived); with $archiveOthers,
// the model's other versions in that stage move to Archived (MLflow's archive_existing_versions).
// Deleted versions are left as they are. $versionId, $stage, $archiveOthers.
// Returns one row per version whose stage changed, with its stage before.
MATCH (target:ModelVersion {id: $versionId})-[:VERSION_OF]->(m:Model)
OPTIONAL MATCH (other:ModelVersion)-[:VERSION_OF]->(m)
WHERE $archiveOthers AND other <> target AND other.deletedAt IS NULL AND coalesce(other.mlflowStage, 'None') = $stage
WITH target, [o IN collect(other) | {version: o, stage: 'Archived'}] + [{version: target, stage: $stage}] AS moves
UNWIND moves AS move
WITH move.version AS v, move.stage AS stage, coalesce(move.version.mlflowStage, 'None') AS before
WHERE before <> stage
SET v.mlflowStage = stage
RETURN v.id AS id, before, stage
