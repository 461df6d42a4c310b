// Bulk-loads experiments and registered models of the MLflow project, shaped as the MLflow api writes
// them (Experiment / Model IN_PROJECT, tags as EntityTags), for the search_experiments and
// search_registered_models benchmark.
// $projectId; $kind: 'Experiment' or 'Model' (from the bench's code, never input);
// $items: list of {slug, name, createdAt (epoch ms), tag: {key, value}}
MATCH (p:Project {id: $projectId})
UNWIND $items AS item
CREATE (n:Entity:$($kind) {id: toLower($kind) + ':' + substring($projectId, 8) + '/' + item.slug, kind: $kind,
                           slug: item.slug, name: item.name, createdAt: datetime({epochMillis: toInteger(item.createdAt)})})
CREATE (n)-[:IN_PROJECT]->(p)
CREATE (n)-[:HAS_TAG]->(:EntityTag {key: item.tag.key, value: item.tag.value})
