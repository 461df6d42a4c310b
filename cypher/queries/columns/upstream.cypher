// The columns a column was computed from, transitively (distinct columns: the expansion is pruned,
// never every path), and the edges among them.
// $rootId: the column; {{maxDepth}}: how many hops at most
// One row (none when the column has no lineage): columns [{id, versionId, name}], edges [{from, to, type,
//   subtypes}] out of each of them (some may leave the closure)
MATCH (root:DataColumn {id: $rootId})
CALL (root) {
  OPTIONAL MATCH (root)-[:COLUMN_DERIVED_FROM*1..{{maxDepth}}]->(reached:DataColumn)
  RETURN collect(DISTINCT reached) AS reached
}
WITH [root] + reached AS columns
UNWIND columns AS column
OPTIONAL MATCH (column)-[edge:COLUMN_DERIVED_FROM]->(source:DataColumn)
// Every edge out of a reached column; the service keeps those between reached columns (a set there,
// where a list membership test here would cost a scan per edge).
WITH columns, collect({from: column.id, to: source.id, type: edge.type, subtypes: edge.subtypes}) AS edges
RETURN [c IN columns | c {.id, .versionId, .name}] AS columns, [e IN edges WHERE e.to IS NOT NULL] AS edges
