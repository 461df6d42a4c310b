// The cost of many runs at once, for a DataLoader (Run.cost).
// $ids: run ids; $prices: the price table's {instances, accelerators}
UNWIND $ids AS id
MATCH (r:Run {id: id})
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
RETURN id, {
  source: costSource, usd: costUsd, unknownReason: unknownReason, hours: hours,
  instanceType: r.instanceType, instancePrice: instancePrice, accelerators: coalesce(r.accelerators, []),
  acceleratorPrice: acceleratorPrice, acceleratorCount: acceleratorCount, unpricedAccelerators: unpricedAccelerators
} AS cost
