// A new subscription of a user or team: to an entity (ON it), or to everything downstream of what
// it owns (no ON edge).
// $props: {id, subscriberId, scope, subjectId, createdBy}
MATCH (subscriber:Entity {id: $props.subscriberId})
CREATE (s:Subscription {id: $props.id, subscriberId: $props.subscriberId, scope: $props.scope,
                        subjectId: $props.subjectId, createdBy: $props.createdBy, createdAt: datetime()})
CREATE (s)-[:FOR]->(subscriber)
WITH s
OPTIONAL MATCH (subject:Entity {id: $props.subjectId})
FOREACH (_ IN CASE WHEN subject IS NULL THEN [] ELSE [1] END | CREATE (s)-[:ON]->(subject))
RETURN s {.*} AS subscription
