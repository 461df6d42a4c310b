// Takes the write lock of a model version's model for the rest of the transaction, so promotions and
// approvals of its versions evaluate their gates and write one after the other. Changes nothing.
// $modelVersionId
MATCH (:ModelVersion {id: $modelVersionId})-[:VERSION_OF]->(m:Model)
SET m._lock = true
REMOVE m._lock
RETURN m.id AS id
