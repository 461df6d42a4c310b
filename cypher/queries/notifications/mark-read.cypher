// Marks notifications read for one user (those addressed to it or its teams): all of them when
// $ids is null. Answers how many were newly marked.
// $userId, $ids (or null)
MATCH (u:User {id: $userId})-[:MEMBER_OF*0..1]->(who)<-[:TO]-(note:Notification)
WHERE ($ids IS NULL OR note.id IN $ids) AND NOT EXISTS { (u)-[:READ]->(note) }
WITH DISTINCT u, note
CREATE (u)-[:READ {at: datetime()}]->(note)
RETURN count(note) AS marked
