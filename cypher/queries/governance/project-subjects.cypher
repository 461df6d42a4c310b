// Every governed entity of a project that is not archived (its assets, their versions, its runs)
// as completeness sees it, and the metadata templates the project has loaded; one row.
// $projectId: the project
MATCH (project:Project {id: $projectId})
CALL (project) {
  MATCH (asset:Entity)-[:IN_PROJECT]->(project)
  WHERE (asset:Dataset OR asset:FeatureSet OR asset:Experiment OR asset:Model OR asset:Deployment)
    AND asset.archivedAt IS NULL
  CALL (asset) {
    RETURN asset AS n, null AS parent
    UNION ALL
    MATCH (n:Entity)-[:VERSION_OF|IN_EXPERIMENT]->(asset)
    WHERE n.archivedAt IS NULL
    RETURN n, asset AS parent
  }
  RETURN collect({
    entity: n {.*},
    owners: COUNT { (n)-[:OWNED_BY]->() },
    parent: CASE WHEN parent IS NULL THEN null
      ELSE {props: parent {.*}, owners: COUNT { (parent)-[:OWNED_BY]->() }} END
  }) AS subjects
}
RETURN
  [(project)<-[:TEMPLATE_OF]-(t:MetadataTemplate) | t {.templateKind, .yaml}] AS templates,
  subjects
