// A project's runs that wasted spend: accelerator hours below a utilisation threshold, and failed or
// killed runs (their whole cost is lost). Utilisation is read from the metrics MLflow's system
// metrics logger writes per device, system/gpu_<n>_utilization_percentage (or
// system/node_<id>/gpu_<n>_utilization_percentage), or from system/gpu_utilization (all devices'
// mean) when no per-device metric exists. Each sample holds until the next one, the last until the
// run ended; an interval is idle when its sample is below $threshold (percent).
// $projectId, $threshold, $since, $until (ISO date-times or null), $prices: the price table's
// {instances, accelerators}
// $readAll, $readerId: readScopeParams() (who may read what)
MATCH (:Project {id: $projectId})<-[:IN_PROJECT]-(e:Experiment)<-[:IN_EXPERIMENT]-(r:Run)
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
CALL (r) {
  OPTIONAL MATCH (r)-[:HAS_METRIC]->(m:Metric)
  WHERE m.key = 'system/gpu_utilization'
     OR m.key =~ 'system/(node_[^/]+/)?gpu_[0-9]+_utilization_percentage'
  CALL (m) {
    OPTIONAL MATCH (m)-[:HAS_POINTS]->(c)
    WITH collect(c {.timestamps, .values}) AS chunks
    // A metric never below the threshold has no idle time: its samples are not sorted at all (most
    // devices are busy, and sorting every sample of a large project is what costs).
    UNWIND CASE WHEN any(c IN chunks WHERE any(v IN c.values WHERE v < $threshold)) THEN chunks ELSE [] END AS c
    UNWIND range(0, size(c.values) - 1) AS i
    WITH c.timestamps[i] AS at, c.values[i] AS value
    ORDER BY at
    RETURN collect({at: at, value: value}) AS samples
  }
  WITH m, samples, CASE WHEN r.endedAt IS NULL THEN null ELSE r.endedAt.epochMillis END AS endMs
  WITH m, reduce(idle = 0, i IN range(0, size(samples) - 1) | idle +
    CASE WHEN samples[i].value < $threshold
      THEN CASE WHEN coalesce(samples[i + 1].at, endMs, samples[i].at) > samples[i].at
        THEN coalesce(samples[i + 1].at, endMs, samples[i].at) - samples[i].at ELSE 0 END
      ELSE 0 END) AS idleMs
  RETURN
    [k IN collect(m.key) WHERE k <> 'system/gpu_utilization'] AS deviceMetrics,
    sum(CASE WHEN m.key <> 'system/gpu_utilization' THEN idleMs ELSE 0 END) AS deviceIdleMs,
    sum(CASE WHEN m.key = 'system/gpu_utilization' THEN idleMs ELSE 0 END) AS meanIdleMs,
    'system/gpu_utilization' IN collect(m.key) AS hasMean
}
WITH r, costSource, costUsd, unknownReason, unpricedAccelerators, acceleratorPrice, acceleratorCount,
  CASE WHEN size(deviceMetrics) > 0 THEN deviceMetrics WHEN hasMean THEN ['system/gpu_utilization'] ELSE [] END
    AS utilizationMetrics,
  CASE WHEN size(deviceMetrics) > 0 THEN deviceIdleMs / 3600000.0
    ELSE meanIdleMs * acceleratorCount / 3600000.0 END AS idleAcceleratorHours
WHERE r.status IN ['FAILED', 'KILLED'] OR idleAcceleratorHours > 0
RETURN r.id AS runId, r.name AS name, r.status AS status, costSource, costUsd, unknownReason,
  r.instanceType AS instanceType, unpricedAccelerators,
  acceleratorPrice, acceleratorCount, utilizationMetrics, idleAcceleratorHours
ORDER BY r.startedAt, r.id
