// Users holding the org ADMIN role.
MATCH (u:User) WHERE 'ADMIN' IN coalesce(u.orgRoles, [])
RETURN u.id AS userId ORDER BY userId
