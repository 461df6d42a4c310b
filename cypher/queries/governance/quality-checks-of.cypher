// The data-quality checks many runs declared, by name, for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (run:Run {id: id})
OPTIONAL MATCH (run)-[:HAS_CHECK]->(q:DataQualityCheck)
WITH id, q ORDER BY q.name, q.datasetVersionId
RETURN id, collect(q {.*}) AS checks
