// A project's own promotion policy for one environment, if it loaded one.
// $projectId, $environment
MATCH (policy:PromotionPolicy {environment: $environment})-[:GOVERNS]->(:Project {id: $projectId})
RETURN policy.yaml AS yaml, policy.loadedAt AS loadedAt, policy.loadedBy AS loadedBy
