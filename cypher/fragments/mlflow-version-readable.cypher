// Whether the caller may read ModelVersion `v` of a model it may read (read scope: $readAll, $readerId).
($readAll OR (NOT coalesce(v.restricted, false) OR EXISTS {
    MATCH (:User {id: $readerId})-[:MEMBER_OF*0..1]->(grantee)
    WHERE (grantee)-[:MAY_READ]->(v) OR (v)-[:VERSION_OF]->()<-[:MAY_READ]-(grantee)
       OR (v)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(grantee) }))
