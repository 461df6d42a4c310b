import express from 'express';
import { MlflowError, toMlflowError } from './mlflow-errors';
import type { MlflowService } from './mlflow.service';

// JSON as the client sent it; each service method checks the fields it uses.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (mlflow: MlflowService, actor: string, body: Record<string, any>) => Promise<unknown>;

/**
 * MLflow's tracking REST API, the endpoints its fluent and client APIs use for experiments, runs,
 * params, metrics and tags (docs/api.md lists them). GET endpoints read the query string, the others
 * a JSON body. Answers and errors are in MLflow's shape so the unmodified client works.
 */
const ENDPOINTS: Record<string, Handler> = {
  'POST experiments/create': (m, actor, b) => m.createExperiment(actor, b),
  'GET experiments/get': (m, actor, b) => m.getExperiment(actor, b.experiment_id),
  'GET experiments/get-by-name': (m, actor, b) => m.getExperimentByName(actor, b.experiment_name),
  'POST experiments/search': (m, _actor, b) => m.searchExperiments(b),
  'GET experiments/search': (m, _actor, b) => m.searchExperiments(b),
  'POST runs/create': (m, actor, b) => m.createRun(actor, b),
  'GET runs/get': (m, _actor, b) => m.getRun(b.run_id ?? b.run_uuid),
  'POST runs/update': (m, actor, b) => m.updateRun(actor, b),
  'POST runs/log-parameter': (m, actor, b) => m.logBatch(actor, { ...b, params: [{ key: b.key, value: b.value }] }),
  'POST runs/log-metric': (m, actor, b) =>
    m.logBatch(actor, { ...b, metrics: [{ key: b.key, value: b.value, timestamp: b.timestamp, step: b.step }] }),
  'POST runs/log-batch': (m, actor, b) => m.logBatch(actor, b),
  'POST runs/set-tag': (m, actor, b) => m.logBatch(actor, { ...b, tags: [{ key: b.key, value: b.value }] }),
  'POST runs/search': (m, _actor, b) => m.searchRuns(b),
  'GET metrics/get-history': (m, _actor, b) => m.metricHistory(b.run_id ?? b.run_uuid, b.metric_key),
};

export function mlflowRouter(mlflow: MlflowService) {
  const router = express.Router();
  router.use(express.json({ limit: '20mb' }));
  router.all(/^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+)$/, async (req, res) => {
    const endpoint = (req.params as unknown as string[])[0];
    const handler = ENDPOINTS[`${req.method} ${endpoint}`];
    try {
      if (!handler) throw new MlflowError('ENDPOINT_NOT_FOUND', `${req.method} ${endpoint} is not supported by Mnemo.`);
      const body = req.method === 'GET' ? { ...req.query } : (req.body ?? {});
      const actor = `mlflow:${String(req.headers['x-mnemo-actor'] ?? 'anonymous').slice(0, 200)}`;
      res.json(await handler(mlflow, actor, body));
    } catch (error) {
      const { status, body } = toMlflowError(error);
      res.status(status).json(body);
    }
  });
  return router;
}
