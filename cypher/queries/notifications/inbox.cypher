// A user's inbox: notifications to the user or to one of its teams, newest first, each with
// whether this user has read it (READ: per user, so a team's notification is read by each member).
// $userId, $unreadOnly, $limit
MATCH (u:User {id: $userId})
CALL (u) {
  MATCH (u)-[:MEMBER_OF*0..1]->(who)<-[:TO]-(note:Notification)
  WITH DISTINCT note
  WITH note, EXISTS { (u)-[:READ]->(note) } AS read
  WHERE NOT $unreadOnly OR NOT read
  RETURN note, read ORDER BY note.createdAt DESC, note.id DESC LIMIT toInteger($limit)
}
WITH u, collect(note {.*, read: read}) AS notifications
CALL (u) {
  MATCH (u)-[:MEMBER_OF*0..1]->(who)<-[:TO]-(note:Notification)
  WITH DISTINCT note
  WHERE NOT EXISTS { (u)-[:READ]->(note) }
  RETURN count(note) AS unreadCount
}
RETURN notifications, unreadCount
