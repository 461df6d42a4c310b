// What a new entity is checked against, in one round trip: the project's own metadata template of
// the kind (null when it loaded none, and the repo file applies) and the parent it inherits from.
// $projectId: the asset's project, or null for versions and runs (found through $parentId)
// $parentId: a version's dataset/feature set/model or a run's experiment, or null
// $templateKind: dataset | feature-set | run | model | deployment
OPTIONAL MATCH (parent:Entity {id: $parentId})
WITH parent, coalesce($projectId, [(parent)-[:IN_PROJECT]->(p:Project) | p.id][0]) AS projectId
OPTIONAL MATCH (:Project {id: projectId})<-[:TEMPLATE_OF]-(template:MetadataTemplate {templateKind: $templateKind})
RETURN
  template.yaml AS yaml,
  parent {.*} AS parent,
  CASE WHEN parent IS NULL THEN 0 ELSE COUNT { (parent)-[:OWNED_BY]->() } END AS parentOwners
