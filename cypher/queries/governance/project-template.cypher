// The metadata template a project loaded for one kind, or null.
// $projectId: the project; $templateKind: dataset | feature-set | run | model | deployment
OPTIONAL MATCH (:Project {id: $projectId})<-[:TEMPLATE_OF]-(t:MetadataTemplate {templateKind: $templateKind})
RETURN t {.templateKind, .yaml, .loadedAt, .loadedBy} AS template
