// Names of the migrations already applied, in order.
MATCH (m:Migration)
RETURN m.name AS name, m.checksum AS checksum
ORDER BY m.name
