// Stores (or replaces) a project's promotion policy for one environment, linked to the project;
// returns the text it replaced.
// $id: promotion-policy:<project slug>/<environment>; $projectId; $environment; $yaml; $actor
MATCH (project:Project {id: $projectId})
MERGE (policy:PromotionPolicy {id: $id})
MERGE (policy)-[:GOVERNS]->(project)
WITH policy, policy.yaml AS previous
SET policy.projectId = $projectId, policy.environment = $environment, policy.yaml = $yaml,
    policy.loadedAt = datetime(), policy.loadedBy = $actor
RETURN previous, policy.loadedAt AS loadedAt
