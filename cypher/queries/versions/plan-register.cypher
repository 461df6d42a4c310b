// The plan of registering a version, read in one round trip: every entity the registration names
// (its dataset, feature set or model, the versions it derives from, the run that generated it), the
// projects whose roles authorise it (the parent's, the generating run's), the version as stored when
// it exists already (to compare a re-registration with), what it is checked against (the project's
// own template of its kind, the parent it inherits metadata from) and the version registered last
// before it (for the schema change).
// $ids: every id the registration names; $parentId; $versionId (null when the version numbers
// itself, read after locking the parent); $generatedBy (or null); $templateKind
// One row: entities, projectId, generatorProjectId, state ({version, derivedFrom, generatedBy} or
// null), yaml, parent, parentOwners, previous ({id, schemaColumns, columnStats} or null).
{{fragment:entities-named}}
OPTIONAL MATCH (parent:Entity {id: $parentId})
OPTIONAL MATCH (parent)-[:IN_PROJECT]->(project:Project)
OPTIONAL MATCH (project)<-[:TEMPLATE_OF]-(template:MetadataTemplate {templateKind: $templateKind})
OPTIONAL MATCH (:Run {id: $generatedBy})-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(generatorProject:Project)
OPTIONAL MATCH (stored:Entity {id: $versionId})
CALL (parent) {
  OPTIONAL MATCH (earlier:Entity)-[:VERSION_OF]->(parent)
  WITH earlier ORDER BY earlier.createdAt DESC, earlier.id DESC
  LIMIT 1
  RETURN CASE WHEN earlier IS NULL THEN null ELSE earlier {.id, .schemaColumns, .columnStats} END AS previous
}
RETURN
  entities,
  project.id AS projectId,
  generatorProject.id AS generatorProjectId,
  CASE WHEN stored IS NULL THEN null ELSE {
    version: stored {.*},
    derivedFrom: [(stored)-[:DERIVED_FROM]->(source) | source.id],
    generatedBy: [(stored)-[:GENERATED_BY]->(run) | run.id][0]
  } END AS state,
  template.yaml AS yaml,
  parent {.*} AS parent,
  CASE WHEN parent IS NULL THEN 0 ELSE COUNT { (parent)-[:OWNED_BY]->() } END AS parentOwners,
  previous
