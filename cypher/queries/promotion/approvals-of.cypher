// The approvals of many model versions, newest first, for a DataLoader.
// $ids: model version ids
UNWIND $ids AS id
MATCH (mv:ModelVersion {id: id})
RETURN id, COLLECT {
  MATCH (a:Approval)-[:APPROVES]->(mv)
  RETURN a {.*, modelVersionId: mv.id} AS approval
  ORDER BY a.createdAt DESC, a.id DESC
} AS approvals
