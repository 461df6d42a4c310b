// edges-from.cypher as the graph stood at $asOf (rules of downstream-closure-as-of.cypher; no SERVES).
// $ids: node ids; $asOf: ISO 8601 date-time
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r:USED|GENERATED_BY|DERIVED_FROM]->(b)
WHERE b.createdAt <= datetime($asOf) AND coalesce(r.createdAt <= datetime($asOf), true)
RETURN a.id AS from, type(r) AS type, b.id AS to, r.role AS role
