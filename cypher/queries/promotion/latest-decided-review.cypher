// The most recent review of an entity whose decision is not NO_DECISION.
// $id: the reviewed entity's id
MATCH (r:Review)-[:REVIEWS]->(:Entity {id: $id})
WHERE r.decision <> 'NO_DECISION'
RETURN r.id AS id, r.decision AS decision, r.author AS author
ORDER BY r.createdAt DESC, r.id DESC
LIMIT 1
