// Removes a model's alias from whichever version holds it. $modelId, $alias
MATCH (holder:ModelVersion)-[:VERSION_OF]->(:Model {id: $modelId})
WHERE $alias IN coalesce(holder.aliases, [])
SET holder.aliases = [a IN holder.aliases WHERE a <> $alias]
RETURN holder.id AS previous
