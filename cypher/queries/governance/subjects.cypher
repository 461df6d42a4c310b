// Governed entities as completeness and setMetadata see them, for a DataLoader: the node, its
// owner count, the parent it inherits from (a version's dataset/feature set/model, a run's
// experiment), its project and the metadata templates that project has loaded.
// $ids: entity ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[:VERSION_OF|IN_EXPERIMENT]->(parent)
WITH id, n, parent, coalesce(parent, n) AS holder
OPTIONAL MATCH (holder)-[:IN_PROJECT]->(project:Project)
RETURN
  id,
  n {.*} AS entity,
  COUNT { (n)-[:OWNED_BY]->() } AS owners,
  CASE WHEN parent IS NULL THEN null
    ELSE {props: parent {.*}, owners: COUNT { (parent)-[:OWNED_BY]->() }} END AS parent,
  project.id AS projectId,
  CASE WHEN project IS NULL THEN []
    ELSE [(project)<-[:TEMPLATE_OF]-(t:MetadataTemplate) | t {.templateKind, .yaml}] END AS templates
