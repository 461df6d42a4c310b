// What MLflow shows as a run's inputs and outputs: the dataset versions it used (with the role) and
// the logged models it generated. $ids: run ids
UNWIND $ids AS id
MATCH (r:Run {id: id})
RETURN id,
       [(r)-[u:USED]->(v:DatasetVersion)-[:VERSION_OF]->(d:Dataset) |
         {name: d.name, digest: v.version, uri: v.uri, rowCount: v.rowCount, role: u.role}] AS datasets,
       [(m:Artifact {format: 'mlflow-model'})-[:GENERATED_BY]->(r) | m.id] AS modelIds
