// Bulk-loads finished runs into an experiment, shaped as RunService writes them (Run, Param,
// Metric with its latest value and one MetricPoints chunk, RunTag), for the search_runs benchmark.
// $experimentId, $runs: list of {id, name, startedAt, endedAt (epoch ms), params: [{key, value}], metrics: [{key, value}]}
MATCH (e:Experiment {id: $experimentId})
UNWIND $runs AS run
CREATE (r:Entity:Run {id: run.id, kind: 'Run', name: run.name, status: 'FINISHED',
                      createdAt: datetime(), startedAt: datetime({epochMillis: toInteger(run.startedAt)}),
                      endedAt: datetime({epochMillis: toInteger(run.endedAt)}), accelerators: [], acceleratorCount: 0})
CREATE (r)-[:IN_EXPERIMENT]->(e)
CREATE (r)-[:HAS_TAG]->(:RunTag {id: run.id + '/tag/mlflow.runName', key: 'mlflow.runName', value: run.name, runId: run.id})
WITH r, run
CALL (r, run) {
  UNWIND run.params AS param
  CREATE (r)-[:HAS_PARAM]->(:Param {id: r.id + '/param/' + param.key, key: param.key, value: param.value, runId: r.id})
}
CALL (r, run) {
  UNWIND run.metrics AS metric
  CREATE (r)-[:HAS_METRIC]->(m:Metric {id: r.id + '/metric/' + metric.key, key: metric.key, runId: r.id,
                                       value: metric.value, step: 0, timestamp: toInteger(run.endedAt)})
  CREATE (m)-[:HAS_POINTS]->(:MetricPoints {id: m.id + '#load', steps: [0], values: [metric.value],
                                            timestamps: [toInteger(run.endedAt)], minStep: 0, maxStep: 0})
}
