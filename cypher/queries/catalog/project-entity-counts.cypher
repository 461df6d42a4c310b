// How many entities of each kind a project holds (runs counted through experiments).
// $ids: project ids
UNWIND $ids AS id
MATCH (p:Project {id: id})
CALL (p) {
  MATCH (n)-[:IN_PROJECT]->(p)
  RETURN n.kind AS kind, count(*) AS total
  UNION ALL
  MATCH (:Run)-[:IN_EXPERIMENT]->(:Experiment)-[:IN_PROJECT]->(p)
  RETURN 'Run' AS kind, count(*) AS total
}
RETURN id, collect({kind: kind, total: total}) AS counts
