// The registered model versions whose files include a path of the artifact store: a version's source
// (its uri, as the client registered it) names the path or a folder holding it ($covering, exact
// URIs), or lies inside the path ($within, URI prefixes). Deleted versions count: the graph and its
// audit trail still point at their files.
// $covering: list of URIs; $within: list of URI prefixes.
// Rows (at most 5): id of each version.
MATCH (version:ModelVersion)
WHERE version.uri IN $covering OR any(prefix IN $within WHERE version.uri STARTS WITH prefix)
RETURN version.id AS id
ORDER BY id
LIMIT 5
