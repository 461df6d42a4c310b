// Bulk-loads model versions of registered models of the MLflow project, shaped as the registry writes
// them (ModelVersion VERSION_OF its Model, its label the version number, tags as EntityTags), for the
// search_model_versions benchmark. The models were created through the MLflow API.
// $projectId; $versions: list of {model (name), version (text), source, validated (boolean)}
UNWIND $versions AS row
MATCH (m:Model {name: row.model})-[:IN_PROJECT]->(:Project {id: $projectId})
CREATE (v:Entity:ModelVersion {id: m.id + '@' + row.version, kind: 'ModelVersion', version: row.version,
                               digest: 'sha256:' + row.model + '/' + row.version, uri: row.source,
                               createdAt: datetime()})-[:VERSION_OF]->(m)
FOREACH (_ IN CASE WHEN row.validated THEN [1] ELSE [] END |
  CREATE (v)-[:HAS_TAG]->(:EntityTag {key: 'validated', value: 'yes'}))
