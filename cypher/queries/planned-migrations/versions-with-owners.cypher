// Versions with their owners and their parents' (as lineage/downstream-closure.cypher counts them).
// For a column migration: the versions holding the affected columns.
// $ids: version ids. One row per version that exists.
UNWIND $ids AS id
MATCH (version:Entity {id: id})
RETURN version {.*, createdAt: toString(version.createdAt)} AS node,
       [(version)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(o) | o.id] AS ownerIds
