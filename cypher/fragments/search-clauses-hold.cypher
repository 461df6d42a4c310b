// Whether every parsed MLflow filter clause holds (search-filter.ts, compiled by compiledSearch):
// `values` is the list, per $keys entry, of the candidate's values of that key (empty when it has
// none); a clause holds when one of its key's values satisfies it. Used by the MLflow searches.
// $clauses: [{at, op, value, values, regex}] (at indexes $keys)
all(c IN $clauses WHERE CASE c.op
    WHEN 'IS NULL' THEN size(values[toInteger(c.at)]) = 0
    WHEN 'IS NOT NULL' THEN size(values[toInteger(c.at)]) > 0
    ELSE any(v IN values[toInteger(c.at)] WHERE (c.op = '=' AND v = c.value) OR (c.op = '!=' AND v <> c.value)
      OR (c.op = '>' AND v > c.value) OR (c.op = '>=' AND v >= c.value)
      OR (c.op = '<' AND v < c.value) OR (c.op = '<=' AND v <= c.value)
      OR (c.op = 'LIKE' AND toString(v) =~ c.regex) OR (c.op = 'ILIKE' AND toLower(toString(v)) =~ c.regex)
      OR (c.op = 'IN' AND v IN c.values) OR (c.op = 'NOT IN' AND NOT v IN c.values)) END)
