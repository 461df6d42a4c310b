// The project each entity belongs to, for the authorise step of a write (the same catalog edges
// as audit/record.cypher: the nearest project wins; a project is its own).
// $ids: entity ids. One row per id that exists: id, projectId (null when it belongs to none).
UNWIND $ids AS id
MATCH (entity:Entity {id: id})
OPTIONAL MATCH path = (entity)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|REVIEWS|PROMOTES|APPROVES*0..3]->()-[:IN_PROJECT]->(project:Project)
WITH id, entity, project ORDER BY length(path)
WITH id, entity, head(collect(project.id)) AS nearestProjectId
RETURN id, CASE WHEN entity:Project THEN entity.id ELSE nearestProjectId END AS projectId
