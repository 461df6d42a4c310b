// Spend of a project's runs grouped one way, summed here rather than per run in the api.
// $projectId; $groupBy: EXPERIMENT | FAMILY | PROJECT | OWNER (the run's owner) | MONTH (of startedAt, UTC);
// $since, $until: ISO date-times or null (runs that started in [since, until));
// $prices: the price table's {instances, accelerators}
// $readAll, $readerId: readScopeParams() (who may read what)
MATCH (p:Project {id: $projectId})<-[:IN_PROJECT]-(e:Experiment)
// family-of-experiment: begin. The same text in every costs/*.cypher that groups by family (costs.test.ts checks).
// An experiment's family: the model its runs generated versions of (the one with the most versions, then
// the smallest id); failing that its meta.family, then a tag "family:<name>"; failing that the experiment alone.
CALL (e) {
  OPTIONAL MATCH (e)<-[:IN_EXPERIMENT]-(:Run)<-[:GENERATED_BY]-(:ModelVersion)-[:VERSION_OF]->(model:Model)
  WITH e, model, count(model) AS versions
  ORDER BY versions DESC, model.id
  WITH e, collect(model)[0] AS model
  WITH e, model,
    CASE WHEN e.`meta.family` IS :: LIST<ANY> THEN toString(e.`meta.family`[0])
      ELSE toString(e.`meta.family`) END AS declared,
    [t IN coalesce(e.tags, []) WHERE t STARTS WITH 'family:' AND size(trim(substring(t, 7))) > 0
      | trim(substring(t, 7))][0] AS tagged
  RETURN
    CASE WHEN model IS NOT NULL THEN model.id
      WHEN coalesce(declared, tagged) IS NOT NULL THEN 'family:' + coalesce(declared, tagged)
      ELSE e.id END AS familyKey,
    CASE WHEN model IS NOT NULL THEN model.name ELSE coalesce(declared, tagged, e.name) END AS familyLabel,
    CASE WHEN model IS NOT NULL THEN 'MODEL'
      WHEN coalesce(declared, tagged) IS NOT NULL THEN 'DECLARED' ELSE 'EXPERIMENT' END AS familyBasis
}
// family-of-experiment: end
MATCH (r:Run)-[:IN_EXPERIMENT]->(e)
WHERE ($since IS NULL OR r.startedAt >= datetime($since)) AND ($until IS NULL OR r.startedAt < datetime($until))
// readable-run: begin. The same text in every costs/*.cypher that lists a project's runs (costs.test.ts checks).
// Leaves out a run the caller may not read, or one in an experiment it may not read (restricted, and neither
// owned by nor granted to the caller or its teams); $readAll, $readerId: readScopeParams().
  AND ($readAll OR (
    (NOT coalesce(e.restricted, false) OR EXISTS { MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(m)
      WHERE (m)-[:MAY_READ]->(e) OR (e)-[:OWNED_BY]->(m) })
    AND (NOT coalesce(r.restricted, false) OR EXISTS { MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(m)
      WHERE (m)-[:MAY_READ]->(r) OR (r)-[:OWNED_BY]->(m) })))
// readable-run: end
// cost-of-run: begin. The same text in every costs/*.cypher that prices runs (costs.test.ts checks).
// A run's cost: its recorded computeCostUsd, else (instance price + accelerator price × acceleratorCount)
// × hours from $prices = {instances: {type: usd/h}, accelerators: {type: usd/h}}, else unknown with a reason.
// The accelerator price is the mean of the listed accelerators' prices (one entry per device, or one per type).
CALL (r) {
  WITH r, coalesce(r.accelerators, []) AS listed,
    CASE WHEN r.endedAt IS NULL THEN null
      ELSE (r.endedAt.epochMillis - r.startedAt.epochMillis) / 3600000.0 END AS hours,
    $prices.instances[coalesce(r.instanceType, '')] AS instancePrice
  WITH r, listed, hours, instancePrice,
    coalesce(r.acceleratorCount, size(listed)) AS acceleratorCount,
    [a IN listed WHERE $prices.accelerators[a] IS NULL] AS unpricedAccelerators
  WITH r, hours, instancePrice, acceleratorCount, unpricedAccelerators,
    CASE WHEN acceleratorCount = 0 THEN 0.0
      WHEN size(listed) = 0 OR size(unpricedAccelerators) > 0 THEN null
      ELSE reduce(total = 0.0, a IN listed | total + $prices.accelerators[a]) / size(listed) END AS acceleratorPrice
  WITH r, hours, instancePrice, acceleratorCount, unpricedAccelerators, acceleratorPrice,
    CASE WHEN r.computeCostUsd IS NOT NULL THEN null
      WHEN r.endedAt IS NULL THEN 'RUNNING'
      WHEN r.instanceType IS NULL THEN 'NO_INSTANCE_TYPE'
      WHEN instancePrice IS NULL THEN 'INSTANCE_NOT_PRICED'
      WHEN size(unpricedAccelerators) > 0 THEN 'ACCELERATOR_NOT_PRICED'
      WHEN acceleratorPrice IS NULL THEN 'ACCELERATOR_TYPE_UNKNOWN'
    END AS unknownReason
  RETURN
    CASE WHEN r.computeCostUsd IS NOT NULL THEN 'RECORDED'
      WHEN unknownReason IS NULL THEN 'DERIVED' ELSE 'UNKNOWN' END AS costSource,
    CASE WHEN r.computeCostUsd IS NOT NULL THEN toFloat(r.computeCostUsd)
      WHEN unknownReason IS NULL THEN (instancePrice + acceleratorPrice * acceleratorCount) * hours END AS costUsd,
    unknownReason, hours, instancePrice, acceleratorPrice, acceleratorCount, unpricedAccelerators
}
// cost-of-run: end
OPTIONAL MATCH (r)-[:OWNED_BY]->(owner:User)
WITH costSource, costUsd,
  CASE $groupBy
    WHEN 'EXPERIMENT' THEN [e.id, e.name]
    WHEN 'FAMILY' THEN [familyKey, familyLabel]
    WHEN 'PROJECT' THEN [p.id, p.name]
    WHEN 'OWNER' THEN [owner.id, owner.name]
    WHEN 'MONTH' THEN [substring(toString(datetime({epochMillis: r.startedAt.epochMillis})), 0, 7), null]
  END AS grouping
RETURN grouping[0] AS key, grouping[1] AS label, count(*) AS runCount,
  sum(coalesce(costUsd, 0.0)) AS totalUsd,
  sum(CASE costSource WHEN 'RECORDED' THEN costUsd ELSE 0.0 END) AS recordedUsd,
  sum(CASE costSource WHEN 'DERIVED' THEN costUsd ELSE 0.0 END) AS derivedUsd,
  sum(CASE costSource WHEN 'UNKNOWN' THEN 1 ELSE 0 END) AS unknownCount
ORDER BY CASE WHEN $groupBy = 'MONTH' THEN key END, totalUsd DESC, key
