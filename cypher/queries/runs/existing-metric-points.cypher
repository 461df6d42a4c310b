// Which of these metric points are already recorded, and with what value.
// $ids: metric point ids
UNWIND $ids AS id
MATCH (p:MetricPoint {id: id})
RETURN p.id AS id, p.value AS value
