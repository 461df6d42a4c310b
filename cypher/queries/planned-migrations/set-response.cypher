// An owner's answer: the acknowledgement's new state and comment, who gave it and when.
// $id: the acknowledgement's id; $state (ACKNOWLEDGED, OBJECTED or READY); $comment (or null); $actor.
MATCH (ack:MigrationAcknowledgement {id: $id})
SET ack.state = $state, ack.comment = $comment, ack.respondedBy = $actor, ack.respondedAt = datetime()
RETURN ack {.*, respondedAt: toString(ack.respondedAt)} AS acknowledgement
