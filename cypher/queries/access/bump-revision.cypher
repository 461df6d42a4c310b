// A new access revision, written in the transaction that changed who a token stands for, so every
// api replica looks its callers up again. A random value, not a counter: a wiped and rebuilt marker
// never comes back to a value a replica remembers.
MERGE (r:AccessRevision {id: 'access'})
SET r.revision = randomUUID()
