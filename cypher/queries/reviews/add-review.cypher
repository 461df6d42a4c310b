// Records one review of a run, experiment or model version, with its REVIEWS edge.
// $props: the review's own properties (id, author, objective, method, confidence, nextAction, decision, entityId);
// the reviewed entity must exist (the service checked it in the same transaction)
MATCH (target:Entity {id: $props.entityId})
CREATE (review:Entity:Review)-[:REVIEWS]->(target)
SET review = $props, review.kind = 'Review', review.createdAt = datetime()
RETURN review {.*} AS review
