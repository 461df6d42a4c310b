// Metric histories are stored as chunks (one node per metric per batch, with arrays of steps, values
// and timestamps) instead of one node per point: a 1,000-point batch writes a handful of nodes.
CREATE CONSTRAINT metric_points_id IF NOT EXISTS FOR (n:MetricPoints) REQUIRE n.id IS UNIQUE;
