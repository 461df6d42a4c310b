// The first four sort keys of an MLflow search (order_by, compiled by compiledSearch): `sort` holds
// the candidate's first value of each $order key; candidates without the value sort last in either
// direction, as MLflow orders them. The query adds its own tie-breakers after it.
// $order: up to 4 [{at, descending}]
sort[0] IS NULL, CASE WHEN $order[0].descending THEN sort[0] END DESC, CASE WHEN NOT $order[0].descending THEN sort[0] END,
sort[1] IS NULL, CASE WHEN $order[1].descending THEN sort[1] END DESC, CASE WHEN NOT $order[1].descending THEN sort[1] END,
sort[2] IS NULL, CASE WHEN $order[2].descending THEN sort[2] END DESC, CASE WHEN NOT $order[2].descending THEN sort[2] END,
sort[3] IS NULL, CASE WHEN $order[3].descending THEN sort[3] END DESC, CASE WHEN NOT $order[3].descending THEN sort[3] END,
