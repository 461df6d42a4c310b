// Stores (or replaces) a project's promotion policy for one environment; returns the text it replaced.
// $projectId, $environment, $yaml, $actor
MATCH (project:Project {id: $projectId})
MERGE (policy:PromotionPolicy {projectId: $projectId, environment: $environment})
ON CREATE SET policy.yaml = null
MERGE (policy)-[:GOVERNS]->(project)
WITH policy, policy.yaml AS previous
SET policy.yaml = $yaml, policy.loadedAt = datetime(), policy.loadedBy = $actor
RETURN previous, policy.loadedAt AS loadedAt
