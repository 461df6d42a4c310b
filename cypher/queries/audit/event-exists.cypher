// Whether an audit event exists (a page cursor must name one). $id
MATCH (e:AuditEvent {id: $id})
RETURN e.id AS id
