// What the promotion gates need to know about one model version: its model (and its owners) and project, its
// generating run (provenance, owner, latest metrics), how many other runs its experiment holds, and
// who registered it (the actor of its model-version.registered audit event).
// $id: model version id
MATCH (mv:ModelVersion {id: $id})-[:VERSION_OF]->(model:Model)
OPTIONAL MATCH (model)-[:IN_PROJECT]->(project:Project)
CALL (mv) {
  OPTIONAL MATCH (mv)-[:GENERATED_BY]->(run:Run)
  OPTIONAL MATCH (run)-[:IN_EXPERIMENT]->(experiment:Experiment)
  RETURN run, experiment ORDER BY run.id LIMIT 1
}
RETURN mv.id AS id, model.id AS modelId, model.slug AS modelSlug, model.name AS modelName,
       [(model)-[:OWNED_BY]->(modelOwner) | modelOwner.id] AS modelOwnerIds, project.id AS projectId,
       run {.id, .codeCommit, .codeDirty, .languageVersion, .packageLockDigest, .imageDigest} AS run,
       experiment.id AS experimentId,
       [(run)-[:OWNED_BY]->(owner:User) | owner.id] AS runOwnerIds,
       CASE WHEN experiment IS NULL THEN 0
            ELSE COUNT { (experiment)<-[:IN_EXPERIMENT]-(other:Run) WHERE other <> run } END AS otherRuns,
       [(run)-[:HAS_METRIC]->(m) | m {.key, .value}] AS metrics,
       COLLECT {
         MATCH (e:AuditEvent {entityId: mv.id})
         WHERE e.action = 'model-version.registered'
         RETURN e.actor
       } AS registeredBy
