// Whether this Neo4j has Mnemo's lineage procedure (the local Neo4j registers it; a server has it
// when the neo4j-local jar is in its plugins folder). Without it the Cypher closure queries are used.
SHOW PROCEDURES YIELD name
WHERE name = 'mnemo.lineage.closure'
RETURN count(*) > 0 AS available
