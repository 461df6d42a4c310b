// upstream-closure.cypher as the graph stood at $asOf, by the rules of downstream-closure-as-of.cypher
// (a deployment start is replaced by the version it served then, by the service).
// {{maxDepth}}: as in downstream-closure.cypher
// $ids: start node ids; $limit: how many nodes to return at most; $asOf: ISO 8601 date-time
UNWIND $ids AS startId
MATCH p = (:Entity {id: startId})-[steps:USED|GENERATED_BY|DERIVED_FROM*1..{{maxDepth}}]->(n:Entity)
WHERE NOT n.id IN $ids
  AND all(step IN steps WHERE endNode(step).createdAt <= datetime($asOf)
                          AND coalesce(step.createdAt <= datetime($asOf), true))
WITH n, min(length(p)) AS depth
ORDER BY depth, n.id
LIMIT toInteger($limit)
RETURN n {.*} AS node, depth,
       [(n)-[r:USED|GENERATED_BY|DERIVED_FROM]->(m)
        WHERE m.createdAt <= datetime($asOf) AND coalesce(r.createdAt <= datetime($asOf), true)
        | {type: type(r), to: m.id, role: r.role}] AS dependsOn,
       [(n)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(o) | o.id] AS ownerIds
