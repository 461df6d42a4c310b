// Adds DERIVED_FROM edges a version lacks. $versionId, $sourceIds. Returns the sources added.
MATCH (v:Entity {id: $versionId})
UNWIND $sourceIds AS sourceId
MATCH (source:Entity {id: sourceId})
WHERE NOT (v)-[:DERIVED_FROM]->(source)
CREATE (v)-[:DERIVED_FROM {createdAt: datetime()}]->(source) // stamped: lineage as of a date reads it
RETURN source.id AS sourceId
