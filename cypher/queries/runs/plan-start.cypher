// The plan of starting a run, read in one round trip: every entity the command names (its
// experiment, owner and input versions, and its own id, which must be free), the experiment's
// project (whose roles authorise it), and what the run is checked against: the project's own run
// template (null when it loaded none) and the experiment it inherits metadata from.
// $ids: every id the command names; $experimentId
// One row: entities (each node's properties, kind included), projectId, yaml, parent, parentOwners.
{{fragment:entities-named}}
OPTIONAL MATCH (experiment:Experiment {id: $experimentId})
OPTIONAL MATCH (experiment)-[:IN_PROJECT]->(project:Project)
OPTIONAL MATCH (project)<-[:TEMPLATE_OF]-(template:MetadataTemplate {templateKind: 'run'})
RETURN
  entities,
  project.id AS projectId,
  template.yaml AS yaml,
  experiment {.*} AS parent,
  CASE WHEN experiment IS NULL THEN 0 ELSE COUNT { (experiment)-[:OWNED_BY]->() } END AS parentOwners
