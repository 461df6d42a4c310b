// The promotions of many model versions, newest first, for a DataLoader.
// $ids: model version ids
UNWIND $ids AS id
MATCH (mv:ModelVersion {id: id})
RETURN id, COLLECT {
  MATCH (p:Promotion)-[:PROMOTES]->(mv)
  OPTIONAL MATCH (p)-[:INTO]->(d:Deployment)
  RETURN p {.*, modelVersionId: mv.id, deploymentId: d.id} AS promotion
  ORDER BY p.createdAt DESC, p.id DESC
} AS promotions
