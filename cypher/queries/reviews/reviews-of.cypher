// The reviews of many runs, experiments or model versions at once, newest first, for a DataLoader.
// $ids: ids of the reviewed entities
UNWIND $ids AS id
MATCH (target:Entity {id: id})
CALL (target) {
  MATCH (review:Review)-[:REVIEWS]->(target)
  RETURN review ORDER BY review.createdAt DESC, review.id DESC
}
RETURN id, collect(review {.*}) AS reviews
