// Replaces a user's org roles.
// $userId, $orgRoles: list of role names
MATCH (u:User {id: $userId})
SET u.orgRoles = $orgRoles
RETURN u.id AS userId
