// The lineage closure computed by Mnemo's procedure (services/neo4j-local, LineageProcedures.java):
// the same nodes, depths and owners as {upstream,downstream}-closure.cypher, plus each node's "via"
// (its smallest-id neighbour one step nearer a start) and, when $withEdges, the lineage edges among
// the closure and the starts — as one row of parallel lists, far cheaper to move than 10k records.
// $asOf: ISO 8601 date-time for the graph as it stood then (without SERVES), or '' for today's.
// $ids: start node ids; $direction: 'upstream' | 'downstream'; $maxDepth, $limit: whole numbers
CALL mnemo.lineage.closure($ids, $direction, toInteger($maxDepth), toInteger($limit), $withEdges, $asOf)
YIELD nodes, depths, vias, ownerRow, ownerId, edgeRow, edgeType, edgeTo, edgeRole
RETURN nodes, depths, vias, ownerRow, ownerId, edgeRow, edgeType, edgeTo, edgeRole
