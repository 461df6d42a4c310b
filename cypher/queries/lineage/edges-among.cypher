// The lineage edges between the given nodes (the closure and its start), for drawing and why-paths.
// $ids: node ids
MATCH (a:Entity)-[r:USED|GENERATED_BY|DERIVED_FROM|SERVES]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS from, type(r) AS type, b.id AS to, r.role AS role
