// The outbox: one Notification per recipient and, for each enabled webhook endpoint of that
// recipient, one PENDING Delivery. Each endpoint numbers its deliveries (`seq`, under the endpoint's
// write lock, so concurrent transactions number them in commit order): the dispatcher sends an
// endpoint's deliveries in that order.
// $notifications: [{id, recipientId, subjectId, subjectKind, subjectName, projectId, event, reason,
//   whyPath: [ids], message, details (JSON text), actor, requestId}]
UNWIND $notifications AS given
MATCH (who:Entity {id: given.recipientId})
MATCH (subject:Entity {id: given.subjectId})
CREATE (note:Notification {
  id: given.id, recipientId: given.recipientId, subjectId: given.subjectId, subjectKind: given.subjectKind,
  subjectName: given.subjectName, projectId: given.projectId, event: given.event, reason: given.reason,
  whyPath: given.whyPath, message: given.message, details: given.details, actor: given.actor,
  requestId: given.requestId, createdAt: datetime()
})
CREATE (note)-[:TO]->(who)
CREATE (note)-[:ABOUT]->(subject)
WITH note, who
CALL (note, who) {
  MATCH (who)<-[:FOR]-(endpoint:WebhookEndpoint {enabled: true})
  SET endpoint.lastSeq = coalesce(endpoint.lastSeq, 0) + 1
  CREATE (delivery:Delivery {
    id: 'delivery:' + randomUUID(), seq: endpoint.lastSeq, endpointId: endpoint.id, status: 'PENDING',
    attempts: 0, nextAttemptAt: datetime(), createdAt: datetime()
  })
  CREATE (delivery)-[:OF]->(note)
  CREATE (delivery)-[:VIA]->(endpoint)
  RETURN count(delivery) AS deliveries
}
RETURN count(note) AS notifications, sum(deliveries) AS deliveries
