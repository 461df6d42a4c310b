// Search by name, description and tags (full-text index catalog_text, migration 003), best first.
// $query: a Lucene query the service built from the user's words (escaped, each word a prefix)
// $kinds: kinds to keep or null; $projectId, $ownerId: filters or null (a version or run belongs to
//   the project of its dataset, feature set, model or experiment, and is owned by its parent's owners
//   as well as its own); $limit
CALL db.index.fulltext.queryNodes('catalog_text', $query) YIELD node, score
WHERE ($kinds IS NULL OR node.kind IN $kinds)
  AND ($projectId IS NULL OR node.id = $projectId
       OR EXISTS { (node)-[:VERSION_OF|IN_EXPERIMENT*0..1]->()-[:IN_PROJECT]->(:Project {id: $projectId}) })
  AND ($ownerId IS NULL OR EXISTS { (node)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(:Entity {id: $ownerId}) })
RETURN node {.*} AS entity, score
ORDER BY score DESC, entity.id
LIMIT toInteger($limit)
