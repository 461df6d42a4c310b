// Records column lineage: each output column derived from input columns, the columns created when
// new and linked to their versions. Idempotent: a replay adds nothing.
// $edges: list of {from: {id, versionId, name}, to: {id, versionId, name}, type (DIRECT | INDIRECT),
//   subtypes (e.g. [IDENTITY], [AGGREGATION], [JOIN, FILTER])}
// One row: added (how many edges were new)
UNWIND $edges AS edge
MERGE (from:DataColumn {id: edge.from.id})
  ON CREATE SET from.versionId = edge.from.versionId, from.name = edge.from.name
MERGE (to:DataColumn {id: edge.to.id})
  ON CREATE SET to.versionId = edge.to.versionId, to.name = edge.to.name
WITH from, to, edge
CALL (from) {
  MATCH (version:Entity {id: from.versionId})
  MERGE (from)-[:COLUMN_OF]->(version)
}
CALL (to) {
  MATCH (version:Entity {id: to.versionId})
  MERGE (to)-[:COLUMN_OF]->(version)
}
MERGE (from)-[derived:COLUMN_DERIVED_FROM]->(to)
  ON CREATE SET derived.type = edge.type, derived.subtypes = edge.subtypes, derived._new = true
WITH derived, coalesce(derived._new, false) AS added
REMOVE derived._new
RETURN count(CASE WHEN added THEN 1 END) AS added
