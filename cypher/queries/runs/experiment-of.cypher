// The experiment of many runs at once, for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (r:Run {id: id})-[:IN_EXPERIMENT]->(e)
RETURN id, e {.*} AS experiment
