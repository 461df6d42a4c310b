// The data-quality checks recorded about many dataset or feature set versions (by any run), by
// name, for a DataLoader.
// $ids: version ids
UNWIND $ids AS id
MATCH (v:Entity {id: id})
OPTIONAL MATCH (q:DataQualityCheck)-[:CHECKS]->(v)
WITH id, q ORDER BY q.name, q.runId
RETURN id, collect(q {.*}) AS checks
