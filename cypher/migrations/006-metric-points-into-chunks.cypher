// Databases written before 005 keep one MetricPoint node per point: each metric's points move into
// one MetricPoints chunk, ordered by step and time, and the point nodes go.
MATCH (m:Metric)
WHERE EXISTS { (m)-[:HAS_POINT]->(:MetricPoint) }
CALL (m) {
  MATCH (m)-[:HAS_POINT]->(p:MetricPoint)
  WITH p ORDER BY p.step, p.timestamp
  WITH collect(p) AS points
  CREATE (m)-[:HAS_POINTS]->(:MetricPoints {
    id: m.id + '#migrated', steps: [p IN points | p.step], values: [p IN points | p.value],
    timestamps: [p IN points | p.timestamp], minStep: points[0].step, maxStep: points[-1].step
  })
  WITH points
  UNWIND points AS p
  DETACH DELETE p
} IN TRANSACTIONS OF 1000 ROWS;
