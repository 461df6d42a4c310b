// downstream-closure.cypher as the graph stood at $asOf: only nodes created by then, through edges
// that existed then (an edge's own createdAt when it has one, else its ends': see docs/data-model.md).
// SERVES is left out: deployments are re-pointed, so what one served then comes from its promotion
// history (served-as-of.cypher), not from today's edge. The predicates on every step are inlined
// into the breadth-first pruning expand, so each node is still visited once. Owners are today's:
// the service corrects them from the audit trail (owner-changes-since.cypher).
// {{maxDepth}}: as in downstream-closure.cypher
// $ids: start node ids; $limit: how many nodes to return at most; $asOf: ISO 8601 date-time
UNWIND $ids AS startId
MATCH p = (:Entity {id: startId})<-[steps:USED|GENERATED_BY|DERIVED_FROM*1..{{maxDepth}}]-(n:Entity)
WHERE NOT n.id IN $ids
  AND all(step IN steps WHERE startNode(step).createdAt <= datetime($asOf)
                          AND coalesce(step.createdAt <= datetime($asOf), true))
WITH n, min(length(p)) AS depth
ORDER BY depth, n.id
LIMIT toInteger($limit)
RETURN n {.*} AS node, depth,
       [(n)-[r:USED|GENERATED_BY|DERIVED_FROM]->(m)
        WHERE m.createdAt <= datetime($asOf) AND coalesce(r.createdAt <= datetime($asOf), true)
        | {type: type(r), to: m.id, role: r.role}] AS dependsOn,
       [(n)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(o) | o.id] AS ownerIds
