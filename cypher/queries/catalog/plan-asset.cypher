// The plan of registering an asset (a dataset, feature set, experiment, model, deployment), read in
// one round trip: what it names that exists (its project, its owners, an entity already holding its
// id) and its project's own metadata template of its kind (null when the project loaded none, and the
// repo file applies).
// $ids: the project's, the owners' and the asset's ids; $projectId; $templateKind
// One row: entities, yaml
{{fragment:entities-named}}
OPTIONAL MATCH (:Project {id: $projectId})<-[:TEMPLATE_OF]-(template:MetadataTemplate {templateKind: $templateKind})
RETURN entities, template.yaml AS yaml
