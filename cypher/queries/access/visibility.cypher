// What a read check needs to know about entities: their project (nearest through catalog edges, as
// the audit trail finds it), whether they are restricted, their owner, and whether the reader is
// granted them (owner, or MAY_READ on them or their parent; itself or through a team). An artifact
// is as restricted as the run that generated it, and readable by whoever may read that run: its
// files and its id name the run.
// $ids: entity ids; $readerId: the reading user's id, or null
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH path = (n)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|REVIEWS|PROMOTES|APPROVES*0..3]->()-[:IN_PROJECT]->(p:Project)
WITH n, p ORDER BY length(path)
WITH n, head(collect(p.id)) AS nearestProjectId
OPTIONAL MATCH (n:Artifact)-[:GENERATED_BY]->(run:Run)
WITH n, nearestProjectId, coalesce(run, n) AS governing
OPTIONAL MATCH (governing)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(owner)
WITH n, nearestProjectId, governing, head(collect(owner.id)) AS ownerId
RETURN n.id AS id, n.kind AS kind,
  CASE WHEN n:Project THEN n.id ELSE nearestProjectId END AS projectId,
  coalesce(n.restricted, false) OR coalesce(governing.restricted, false) AS restricted, ownerId,
  $readerId IS NOT NULL AND EXISTS {
    MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(m)
    WHERE (m)-[:MAY_READ]->(governing) OR (governing)-[:VERSION_OF]->()<-[:MAY_READ]-(m) OR (governing)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(m)
  } AS granted
