// Who owns each affected node: its own owners, or its parent's for a version (VERSION_OF).
// $ids: affected node ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
MATCH (n)-[:VERSION_OF*0..1]->(owned)-[:OWNED_BY]->(owner)
RETURN owner {.*} AS owner, collect(DISTINCT id) AS owns
