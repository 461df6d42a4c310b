// Search by name, description and tags (full-text index catalog_text, migrations 003 and 011), and
// by the words of a name (catalog_name_words, migration 012: `orders` finds `shop.main.orders`),
// best first: a node found by both counts its better score.
// $query: a Lucene query the service built from the user's words (escaped, each word a prefix)
// $wordsQuery: the same words split where the words index splits names (letters only)
// $kinds: kinds to keep or null; $projectId, $ownerId: filters or null (a version or run belongs to
//   the project of its dataset, feature set, model or experiment, and is owned by its parent's owners
//   as well as its own); $limit
// Read scope (readScopeParams()): $readAll, $readableProjectIds, $readerId — search never returns
//   what the caller may not read (another project's, a project without a role in it, or restricted
//   and not granted); its project is the nearest one, as access/visibility.cypher finds it.
// The indexes are refreshed in the background (migration 011): wait for what was committed so far.
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
CALL () {
  CALL db.index.fulltext.queryNodes('catalog_text', $query) YIELD node, score
  RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('catalog_name_words', $wordsQuery) YIELD node, score
  RETURN node, score
}
WITH node, max(score) AS score
WHERE ($kinds IS NULL OR node.kind IN $kinds)
  AND ($projectId IS NULL OR node.id = $projectId
       OR EXISTS { (node)-[:VERSION_OF|IN_EXPERIMENT*0..1]->()-[:IN_PROJECT]->(:Project {id: $projectId}) })
  AND ($ownerId IS NULL OR EXISTS { (node)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(:Entity {id: $ownerId}) })
  AND ($readAll OR ($readerId IS NOT NULL
    AND coalesce(CASE WHEN node:Project THEN node.id ELSE head(COLLECT {
          MATCH path = (node)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|REVIEWS|PROMOTES|APPROVES*0..3]->()-[:IN_PROJECT]->(p:Project)
          RETURN p.id ORDER BY length(path) LIMIT 1 }) END IN $readableProjectIds, true)
    AND (NOT coalesce(node.restricted, false) OR EXISTS {
      MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
      WHERE (grantee)-[:MAY_READ]->(node) OR (node)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
         OR (node)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) })))
RETURN node {.*} AS entity, score
ORDER BY score DESC, entity.id
LIMIT toInteger($limit)
