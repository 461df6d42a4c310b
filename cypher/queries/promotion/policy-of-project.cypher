// A project's own promotion policy for one environment, if it loaded one.
// $id: promotion-policy:<project slug>/<environment>
MATCH (policy:PromotionPolicy {id: $id})
RETURN policy.yaml AS yaml, policy.loadedAt AS loadedAt, policy.loadedBy AS loadedBy
