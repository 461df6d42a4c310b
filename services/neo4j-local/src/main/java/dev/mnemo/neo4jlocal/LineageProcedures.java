package dev.mnemo.neo4jlocal;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/**
 * Mnemo's lineage closure as a breadth-first walk in the database: the same answer as
 * cypher/queries/lineage/{upstream,downstream}-closure.cypher (each node once, with its shortest
 * distance, its own lineage edges and its owners; nearest first, then by id), returned as one row.
 *
 * <p>Registered by {@link LocalNeo4j}; on a Neo4j server, put this jar in the plugins folder. The api
 * falls back to the Cypher queries where the procedure is absent.
 */
@SuppressWarnings("deprecation") // getId(): long ids are cheap set keys within one transaction
public final class LineageProcedures {
    private static final Label ENTITY = Label.label("Entity");
    private static final RelationshipType[] LINEAGE = {
        RelationshipType.withName("USED"),
        RelationshipType.withName("GENERATED_BY"),
        RelationshipType.withName("DERIVED_FROM"),
        RelationshipType.withName("SERVES"),
    };
    /** As of a date, SERVES is not walked: it is re-pointed, so the api reads what was served then from promotions. */
    private static final RelationshipType[] LINEAGE_AS_OF = {
        RelationshipType.withName("USED"),
        RelationshipType.withName("GENERATED_BY"),
        RelationshipType.withName("DERIVED_FROM"),
    };
    private static final RelationshipType VERSION_OF = RelationshipType.withName("VERSION_OF");
    private static final RelationshipType OWNED_BY = RelationshipType.withName("OWNED_BY");

    @Context
    public Transaction tx;

    /**
     * The whole closure as one row of parallel lists: Bolt and the JavaScript driver move a few long
     * lists of plain values far faster than thousands of records of nested maps (docs/benchmarks.md).
     * Row i is nodes[i] at depths[i], reached through the neighbour vias[i] one step nearer the start;
     * owner k owns row ownerRow[k]; lineage edge j leaves row edgeRow[j].
     */
    public static final class Closure {
        public List<Map<String, Object>> nodes = new ArrayList<>();
        public List<Long> depths = new ArrayList<>();
        public List<String> vias = new ArrayList<>();
        public List<Long> ownerRow = new ArrayList<>();
        public List<String> ownerId = new ArrayList<>();
        public List<Long> edgeRow = new ArrayList<>();
        public List<String> edgeType = new ArrayList<>();
        public List<String> edgeTo = new ArrayList<>();
        public List<String> edgeRole = new ArrayList<>();

        void add(Node node, long depth, String via) {
            long row = nodes.size();
            nodes.add(node.getAllProperties());
            depths.add(depth);
            vias.add(via);
            // Its own owners, or its parent's for a version: (n)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(o)
            addOwners(row, node);
            for (Relationship versionOf : node.getRelationships(Direction.OUTGOING, VERSION_OF)) {
                addOwners(row, versionOf.getEndNode());
            }
        }

        private void addOwners(long row, Node node) {
            for (Relationship owned : node.getRelationships(Direction.OUTGOING, OWNED_BY)) {
                ownerRow.add(row);
                ownerId.add(idOf(owned.getEndNode()));
            }
        }

        void addEdge(long row, Relationship edge) {
            edgeRow.add(row);
            edgeType.add(edge.getType().name());
            edgeTo.add(idOf(edge.getEndNode()));
            Object role = edge.getProperty("role", null);
            edgeRole.add(role == null ? null : role.toString());
        }
    }

    @Procedure(name = "mnemo.lineage.closure", mode = Mode.READ)
    @Description("mnemo.lineage.closure(ids, 'upstream'|'downstream', maxDepth, limit, withEdges): distinct nodes"
            + " within maxDepth lineage steps of the start nodes, nearest first then by id, at most limit;"
            + " with the lineage edges among them and the starts when withEdges is true; given asOf (ISO 8601), the"
            + " graph as it stood then: nodes created by then, edges by then (their createdAt, else their ends'), no SERVES.")
    public Stream<Closure> closure(
            @Name("ids") List<String> ids,
            @Name("direction") String direction,
            @Name("maxDepth") long maxDepth,
            @Name("limit") long limit,
            @Name(value = "withEdges", defaultValue = "true") boolean withEdges,
            @Name(value = "asOf", defaultValue = "") String asOf) {
        ZonedDateTime instant = asOf == null || asOf.isEmpty() ? null : ZonedDateTime.parse(asOf);
        RelationshipType[] lineage = instant == null ? LINEAGE : LINEAGE_AS_OF;
        // Upstream follows lineage edges forwards (what a node came from), downstream backwards.
        Direction step = switch (direction) {
            case "upstream" -> Direction.OUTGOING;
            case "downstream" -> Direction.INCOMING;
            default -> throw new IllegalArgumentException("direction must be upstream or downstream: " + direction);
        };
        Set<String> startIds = new HashSet<>(ids);
        Map<Long, Long> depthOf = new HashMap<>();
        Map<Long, String> viaOf = new HashMap<>();
        List<Node> starts = new ArrayList<>();
        for (String id : startIds) {
            Node start = tx.findNode(ENTITY, "id", id);
            if (start != null && depthOf.putIfAbsent(start.getId(), 0L) == null) starts.add(start);
        }

        // Breadth first, a level at a time: each node once, at its shortest distance, and through the
        // smallest-id neighbour of the level before (so the "why" path is deterministic).
        Closure closure = new Closure();
        List<Node> included = new ArrayList<>(starts);
        List<Node> frontier = starts;
        for (long depth = 1; depth <= maxDepth && !frontier.isEmpty() && closure.nodes.size() < limit; depth++) {
            List<Node> level = new ArrayList<>();
            for (Node node : frontier) {
                String nodeId = idOf(node);
                for (Relationship edge : node.getRelationships(step, lineage)) {
                    Node next = edge.getOtherNode(node);
                    if (instant != null && !(existedAt(next, instant, false) && existedAt(edge, instant, true))) continue;
                    Long known = depthOf.putIfAbsent(next.getId(), depth);
                    if (known == null) {
                        level.add(next);
                        viaOf.put(next.getId(), nodeId);
                    } else if (known == depth && nodeId.compareTo(viaOf.get(next.getId())) < 0) {
                        viaOf.put(next.getId(), nodeId);
                    }
                }
            }
            List<Map.Entry<String, Node>> byId = new ArrayList<>(level.size());
            for (Node node : level) byId.add(Map.entry(idOf(node), node));
            byId.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
            for (Map.Entry<String, Node> entry : byId) {
                if (closure.nodes.size() >= limit) break;
                Node node = entry.getValue();
                if (node.hasLabel(ENTITY) && !startIds.contains(entry.getKey())) {
                    closure.add(node, depth, viaOf.get(node.getId()));
                    included.add(node);
                }
            }
            frontier = level;
        }

        if (withEdges) {
            Set<Long> inside = new HashSet<>();
            for (Node node : included) inside.add(node.getId());
            for (int row = 0; row < closure.nodes.size(); row++) {
                Node node = included.get(starts.size() + row);
                for (Relationship edge : node.getRelationships(Direction.OUTGOING, lineage)) {
                    if (instant != null && !existedAt(edge, instant, true)) continue;
                    if (inside.contains(edge.getEndNodeId())) closure.addEdge(row, edge);
                }
            }
        }
        return Stream.of(closure);
    }

    /**
     * Whether a node or edge existed at the instant by its createdAt; without one, a node did not (every
     * Entity has one) and an edge did if its ends did (checked with them), as the Cypher closures decide.
     */
    private static boolean existedAt(Entity entity, ZonedDateTime instant, boolean absentMeansEnds) {
        Object created = entity.getProperty("createdAt", null);
        if (created == null) return absentMeansEnds;
        return created instanceof ZonedDateTime time && !time.toInstant().isAfter(instant.toInstant());
    }

    private static String idOf(Node node) {
        return String.valueOf(node.getProperty("id", ""));
    }
}
