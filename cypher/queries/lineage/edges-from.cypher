// The lineage edges leaving the given nodes (each pointing at what the node depends on).
// $ids: node ids
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r:USED|GENERATED_BY|DERIVED_FROM|SERVES]->(b)
RETURN a.id AS from, type(r) AS type, b.id AS to, r.role AS role
