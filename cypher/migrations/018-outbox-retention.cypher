// The delivery log's retention sweep (notifications/sweep-deliveries.cypher) locks one marker node
// first, so api replicas sweeping at once take turns: the constraint keeps that marker single.
CREATE CONSTRAINT outbox_sweep_id IF NOT EXISTS FOR (n:OutboxSweep) REQUIRE n.id IS UNIQUE;
