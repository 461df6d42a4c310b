// The columns computed from a column, transitively (distinct columns: the expansion is pruned,
// never every path), and the edges among them.
// $rootId: the column; {{maxDepth}}: how many hops at most
// One row (none when the column has no lineage): columns [{id, versionId, name}], edges [{from, to, type, subtypes}]
MATCH (root:DataColumn {id: $rootId})
CALL (root) {
  OPTIONAL MATCH (root)<-[:COLUMN_DERIVED_FROM*1..{{maxDepth}}]-(reached:DataColumn)
  RETURN collect(DISTINCT reached) AS reached
}
WITH [root] + reached AS columns
WITH columns, [c IN columns | c.id] AS ids
UNWIND columns AS column
OPTIONAL MATCH (column)-[edge:COLUMN_DERIVED_FROM]->(source:DataColumn)
WITH columns, collect(CASE WHEN source.id IN ids THEN {from: column.id, to: source.id, type: edge.type, subtypes: edge.subtypes} END) AS edges
RETURN [c IN columns | c {.id, .versionId, .name}] AS columns, edges
