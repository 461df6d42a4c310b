// What each deployment served at $asOf, from its promotion history: the version the last promotion
// into it by then promoted; before its first promotion, the version that promotion replaced
// (previousVersionId); never promoted, the version it serves today. Null when the deployment did
// not exist yet, or served nothing then.
// $ids: deployment ids; $asOf: ISO 8601 date-time
UNWIND $ids AS id
MATCH (d:Deployment {id: id})
CALL (d) {
  OPTIONAL MATCH (promotion:Promotion)-[:INTO]->(d)
  WITH promotion ORDER BY promotion.createdAt
  WITH collect(promotion) AS promotions
  WITH last([p IN promotions WHERE p.createdAt <= datetime($asOf)]) AS latest,
       head([p IN promotions WHERE p.createdAt > datetime($asOf)]) AS nextOne
  OPTIONAL MATCH (latest)-[:PROMOTES]->(promoted)
  RETURN CASE
    WHEN latest IS NOT NULL THEN promoted.id
    WHEN nextOne IS NOT NULL THEN nextOne.previousVersionId
    ELSE head([(d)-[:SERVES]->(mv) | mv.id])
  END AS servedId
}
WITH d, servedId WHERE d.createdAt <= datetime($asOf)
RETURN d.id AS deploymentId, servedId
