// Whether the catalog holds anything yet (the demo loads only into an empty one).
MATCH (p:Project)
RETURN count(p) > 0 AS hasProjects
