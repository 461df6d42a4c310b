// MLflow's search_runs: one page of run ids matching parsed filter clauses, in the requested order.
// $experimentIds: Mnemo experiment ids ([] for every experiment); $archived: true, false or null for both.
// $runIds: the run ids a `run_id =` or `IN` clause names (the clause still applies), or null.
// $seed: otherwise a tag or param clause an index answers (search-filter.ts SearchSeed: {entity, key,
//   ranges: [{from, below}]}; the clause still applies), or null: the runs are read from its index.
// $keys: [{entity, key}] every value the clauses and the order read, each computed once per run as a list
//   (entity: attribute|param|tag|metric|dataset; empty when the run has none).
// $clauses: [{at, op, value, values, regex}]: `at` indexes $keys; op = != > >= < <= LIKE ILIKE IN
//   NOT IN, IS NULL, IS NOT NULL; `regex` the LIKE pattern (search-filter.ts likeAsRegex, lower-cased
//   for ILIKE); `values` the IN list. All must hold (cypher/fragments/search-clauses-hold.cypher).
// $order: up to 4 [{at, descending}]; runs without the value sort last; then newest start, then run id.
// $offset, $limit: the page.
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — runs the caller may not
//   read are left out.
CALL () {
  // Named runs (a run_id = / IN clause): found by id, not by scanning their experiments.
  UNWIND coalesce($runIds, []) AS runId
  MATCH (r:Run {id: runId})
  WHERE size($experimentIds) = 0 OR EXISTS { (r)-[:IN_EXPERIMENT]->(e:Experiment) WHERE e.id IN $experimentIds }
  RETURN r
  UNION
  // Else a tag or param clause an index answers ($seed): the runs with a value in one of its ranges.
  UNWIND CASE WHEN $runIds IS NULL AND $seed.entity = 'tag' THEN $seed.ranges ELSE [] END AS range
  MATCH (t:RunTag {key: $seed.key}) WHERE t.value >= range.from AND t.value < range.below
  MATCH (r:Run)-[:HAS_TAG]->(t)
  WHERE size($experimentIds) = 0 OR EXISTS { (r)-[:IN_EXPERIMENT]->(e:Experiment) WHERE e.id IN $experimentIds }
  RETURN r
  UNION
  UNWIND CASE WHEN $runIds IS NULL AND $seed.entity = 'param' THEN $seed.ranges ELSE [] END AS range
  MATCH (p:Param {key: $seed.key}) WHERE p.value >= range.from AND p.value < range.below
  MATCH (r:Run)-[:HAS_PARAM]->(p)
  WHERE size($experimentIds) = 0 OR EXISTS { (r)-[:IN_EXPERIMENT]->(e:Experiment) WHERE e.id IN $experimentIds }
  RETURN r
  UNION
  // Else every run of the experiments, or every run.
  UNWIND CASE WHEN $runIds IS NULL AND $seed IS NULL THEN $experimentIds ELSE [] END AS experimentId
  MATCH (r:Run)-[:IN_EXPERIMENT]->(:Experiment {id: experimentId})
  RETURN r
  UNION
  UNWIND CASE WHEN $runIds IS NULL AND $seed IS NULL AND size($experimentIds) = 0 THEN [true] ELSE [] END AS everyRun
  MATCH (r:Run)
  RETURN r
}
WITH r
WHERE ($archived IS NULL OR (r.archivedAt IS NOT NULL) = $archived)
WITH r, [k IN $keys | CASE k.entity
    WHEN 'param' THEN [(r)-[:HAS_PARAM]->(p:Param {key: k.key}) | p.value]
    WHEN 'tag' THEN [(r)-[:HAS_TAG]->(t:RunTag {key: k.key}) | t.value]
    WHEN 'metric' THEN [(r)-[:HAS_METRIC]->(m:Metric {key: k.key}) WHERE NOT isNaN(m.value) | m.value]
    WHEN 'dataset' THEN [(r)-[u:USED]->(v:DatasetVersion)-[:VERSION_OF]->(d:Dataset) |
      CASE k.key WHEN 'name' THEN d.name WHEN 'digest' THEN v.version ELSE u.role END]
    ELSE [x IN [CASE k.key
      WHEN 'status' THEN r.status
      WHEN 'run_id' THEN substring(r.id, 4)
      WHEN 'start_time' THEN r.startedAt.epochMillis
      WHEN 'end_time' THEN r.endedAt.epochMillis
      WHEN 'run_name' THEN coalesce(head([(r)-[:HAS_TAG]->(t:RunTag {key: 'mlflow.runName'}) | t.value]), r.name)
      WHEN 'user_id' THEN coalesce(head([(r)-[:HAS_TAG]->(t:RunTag {key: 'mlflow.user'}) | t.value]), '')
      WHEN 'artifact_uri' THEN head([(r)-[:IN_EXPERIMENT]->(e:Experiment) | 'mlflow-artifacts:/' +
        {{fragment:mlflow-experiment-id}} + '/' + substring(r.id, 4) + '/artifacts'])
      END] WHERE x IS NOT NULL]
    END] AS values
WHERE {{fragment:search-clauses-hold}}
  AND ($readAll OR ($readerId IS NOT NULL
    AND EXISTS { (r)-[:IN_EXPERIMENT]->()-[:IN_PROJECT]->(p:Project) WHERE p.id IN $readableProjectIds }
    AND (NOT coalesce(r.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(r) OR (r)-[:OWNED_BY]->(grantee) })))
WITH r, [o IN $order | head(values[toInteger(o.at)])] AS sort
ORDER BY
  {{fragment:search-order}}
  r.startedAt DESC, r.id
SKIP toInteger($offset)
LIMIT toInteger($limit)
RETURN r.id AS id
