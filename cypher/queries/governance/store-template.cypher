// Stores (or replaces) a project's metadata template of one kind, linked to the project.
// $id: metadata-template:<project slug>/<kind>; $projectId; $templateKind; $yaml: the text as loaded; $loadedBy: actor
MATCH (project:Project {id: $projectId})
MERGE (t:MetadataTemplate {id: $id})
SET t.projectId = $projectId, t.templateKind = $templateKind, t.yaml = $yaml, t.loadedAt = datetime(),
    t.loadedBy = $loadedBy
MERGE (t)-[:TEMPLATE_OF]->(project)
RETURN t {.templateKind, .yaml, .loadedAt, .loadedBy} AS template
