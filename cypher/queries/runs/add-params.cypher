// Adds parameters to a run; the service has already refused any that would change a value.
// $runId, $params: list of {id, key, value}
MATCH (r:Run {id: $runId})
UNWIND $params AS param
MERGE (p:Param {id: param.id})
  ON CREATE SET p.key = param.key, p.value = param.value, p.runId = $runId
MERGE (r)-[:HAS_PARAM]->(p)
