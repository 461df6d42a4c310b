// Members of many teams, and teams of many users, for DataLoaders.
// $ids: team or user ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, [(n)-[:MEMBER_OF]-(other) | other {.*}] AS related
