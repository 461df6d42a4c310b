// The access revision: one marker whose value every change to who a token stands for (a token revoked,
// a role granted or taken, org roles, team membership) replaces in the same transaction
// (access/bump-revision.cypher, which creates it the first time). api replicas remember token →
// principal answers against it (access/access.service.ts); the constraint keeps the marker single.
CREATE CONSTRAINT access_revision_id IF NOT EXISTS FOR (r:AccessRevision) REQUIRE r.id IS UNIQUE;
