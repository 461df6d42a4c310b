// What each of many runs used, with the role it used it in, for a DataLoader.
// $ids: run ids
UNWIND $ids AS id
MATCH (r:Run {id: id})
RETURN id, [(r)-[u:USED]->(input) | {role: u.role, version: input {.*}}] AS inputs
