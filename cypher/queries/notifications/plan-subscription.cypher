// What subscribing needs to know: the subscriber (a User or Team) and the subject, if any, with
// the subscription the subscriber already holds to the same thing (subscribing again changes nothing).
// $subscriberId, $subjectId (null for DOWNSTREAM_OF_OWNED), $scope
OPTIONAL MATCH (subscriber:Entity {id: $subscriberId}) WHERE subscriber:User OR subscriber:Team
OPTIONAL MATCH (subject:Entity {id: $subjectId})
OPTIONAL MATCH (existing:Subscription {subscriberId: $subscriberId, scope: $scope})
WHERE existing.removedAt IS NULL AND coalesce(existing.subjectId, '') = coalesce($subjectId, '')
RETURN subscriber.id AS subscriberId, subscriber.kind AS subscriberKind, subject.id AS subjectId,
       subject.kind AS subjectKind, existing {.*} AS existing
