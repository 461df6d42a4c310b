// Points a model's alias (e.g. "champion") at one of its versions; the version that had it loses it.
// $modelId, $alias, $versionId. Returns the versions that held the alias before.
MATCH (target:ModelVersion {id: $versionId})-[:VERSION_OF]->(m:Model {id: $modelId})
OPTIONAL MATCH (holder:ModelVersion)-[:VERSION_OF]->(m)
WHERE $alias IN coalesce(holder.aliases, [])
WITH target, collect(holder) AS holders
FOREACH (h IN holders | SET h.aliases = [a IN h.aliases WHERE a <> $alias])
SET target.aliases = coalesce(target.aliases, []) + $alias
RETURN [h IN holders | h.id] AS previous
