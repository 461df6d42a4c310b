// What a registered version is made of, to compare a re-registration against it.
// $ids: version ids
UNWIND $ids AS id
MATCH (v:Entity {id: id})
RETURN v {.*} AS version,
       [(v)-[:VERSION_OF]->(parent) | parent.id][0] AS parentId,
       [(v)-[:DERIVED_FROM]->(source) | source.id] AS derivedFrom,
       [(v)-[:GENERATED_BY]->(run) | run.id][0] AS generatedBy
