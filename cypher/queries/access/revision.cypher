// The access revision now: a principal remembered at another revision must be looked up again.
// Null when there is no marker (a wiped database): nothing remembered is then trusted.
OPTIONAL MATCH (r:AccessRevision {id: 'access'})
RETURN r.revision AS revision
