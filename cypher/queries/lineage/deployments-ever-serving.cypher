// The deployments that serve, or ever served, any of the given model versions: serving one today,
// promoted to one, or promoted away from one (previousVersionId). served-as-of.cypher decides which
// served which at a given instant. With each, its owners today.
// $ids: model version ids
UNWIND $ids AS id
MATCH (mv:ModelVersion {id: id})
CALL (mv) {
  MATCH (d:Deployment)-[:SERVES]->(mv)
  RETURN d
  UNION
  MATCH (d:Deployment)<-[:INTO]-(:Promotion)-[:PROMOTES]->(mv)
  RETURN d
  UNION
  MATCH (:Promotion {previousVersionId: mv.id})-[:INTO]->(d:Deployment)
  RETURN d
}
WITH DISTINCT d
RETURN d {.*} AS deployment, [(d)-[:OWNED_BY]->(o) | o.id] AS ownerIds
