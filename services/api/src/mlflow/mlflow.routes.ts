import express from 'express';
import { currentPrincipal } from '../platform/request-context';
import type { Services } from '../context';
import { runCommand } from '../platform/command';
import type { GraphDatabase } from '../platform/neo4j';
import { MlflowError, toMlflowError } from './mlflow-errors';
import { checkedMlflowFields } from './mlflow-fields';
import { MlflowLoggedModels } from './mlflow-logged-models';
import { MlflowRegistry } from './mlflow-registry';
import { MlflowService } from './mlflow.service';

/** The three parts of MLflow's API that Mnemo answers: tracking, logged models, and the model registry. */
export interface MlflowApi {
  tracking: MlflowService;
  loggedModels: MlflowLoggedModels;
  registry: MlflowRegistry;
  /** Refuses (FORBIDDEN, audited) a list to a caller who holds no role in a project MLflow shows (MlflowService.assertMayList). */
  assertMayList: () => Promise<void>;
  /** Runs a write call as one command: one transaction, retried when the database decides a race. */
  command: <T>(work: () => Promise<T>) => Promise<T>;
}

export function createMlflowApi(db: GraphDatabase, services: Services): MlflowApi {
  const tracking = new MlflowService(db, services);
  const loggedModels = new MlflowLoggedModels(db, services.artifacts);
  const registry = new MlflowRegistry(db, services, loggedModels, (actor) => tracking.ensureProject(actor));
  return {
    tracking,
    loggedModels,
    registry,
    assertMayList: () => tracking.assertMayList(),
    command: (work) => runCommand(db, work),
  };
}

// JSON as the client sent it; each service method checks the fields it uses.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
/** `path` holds the parts of the endpoint matched by the route's groups (e.g. a logged model's id). */
type Handler = (api: MlflowApi, actor: string, body: Body, path: string[]) => Promise<unknown>;

/**
 * MLflow's REST API: the endpoints its fluent and client APIs use (docs/api.md lists them). GET
 * endpoints read the query string, the others a JSON body. Answers and errors are in MLflow's shape
 * so the unmodified client works.
 */
export const ENDPOINTS: [method: string, endpoint: RegExp | string, handler: Handler][] = [
  ['POST', 'experiments/create', ({ tracking }, actor, b) => tracking.createExperiment(actor, b)],
  ['GET', 'experiments/get', ({ tracking }, actor, b) => tracking.getExperiment(actor, b.experiment_id)],
  [
    'GET',
    'experiments/get-by-name',
    ({ tracking }, actor, b) => tracking.getExperimentByName(actor, b.experiment_name),
  ],
  ['POST', 'experiments/search', ({ tracking }, _actor, b) => tracking.searchExperiments(b)],
  ['GET', 'experiments/search', ({ tracking }, _actor, b) => tracking.searchExperiments(b)],
  ['POST', 'runs/create', ({ tracking }, actor, b) => tracking.createRun(actor, b)],
  ['GET', 'runs/get', ({ tracking }, _actor, b) => tracking.getRun(b.run_id ?? b.run_uuid)],
  ['POST', 'runs/update', ({ tracking }, actor, b) => tracking.updateRun(actor, b)],
  [
    'POST',
    'runs/log-parameter',
    ({ tracking }, actor, b) => tracking.logBatch(actor, { ...b, params: [{ key: b.key, value: b.value }] }),
  ],
  [
    'POST',
    'runs/log-metric',
    ({ tracking }, actor, b) =>
      tracking.logBatch(actor, {
        ...b,
        metrics: [{ key: b.key, value: b.value, timestamp: b.timestamp, step: b.step }],
      }),
  ],
  ['POST', 'runs/log-batch', ({ tracking }, actor, b) => tracking.logBatch(actor, b)],
  [
    'POST',
    'runs/set-tag',
    ({ tracking }, actor, b) => tracking.logBatch(actor, { ...b, tags: [{ key: b.key, value: b.value }] }),
  ],
  ['POST', 'runs/search', ({ tracking }, _actor, b) => tracking.searchRuns(b)],
  ['POST', 'runs/delete', ({ tracking }, actor, b) => tracking.setRunDeleted(actor, b.run_id, true)],
  ['POST', 'runs/restore', ({ tracking }, actor, b) => tracking.setRunDeleted(actor, b.run_id, false)],
  ['POST', 'runs/delete-tag', ({ tracking }, actor, b) => tracking.deleteTag(actor, b)],
  [
    'POST',
    'experiments/delete',
    ({ tracking }, actor, b) => tracking.setExperimentDeleted(actor, b.experiment_id, true),
  ],
  [
    'POST',
    'experiments/restore',
    ({ tracking }, actor, b) => tracking.setExperimentDeleted(actor, b.experiment_id, false),
  ],
  ['POST', 'experiments/update', ({ tracking }, actor, b) => tracking.renameExperiment(actor, b)],
  ['POST', 'experiments/set-experiment-tag', ({ tracking }, actor, b) => tracking.setExperimentTag(actor, b)],
  ['POST', 'experiments/delete-experiment-tag', ({ tracking }, actor, b) => tracking.deleteExperimentTag(actor, b)],
  ['POST', 'runs/log-inputs', ({ tracking }, actor, b) => tracking.logInputs(actor, b)],
  ['POST', 'runs/outputs', ({ loggedModels }, _actor, b) => loggedModels.logRunOutputs(b)],
  [
    'GET',
    'metrics/get-history',
    ({ tracking }, _actor, b) => tracking.metricHistory(b.run_id ?? b.run_uuid, b.metric_key),
  ],

  ['POST', 'logged-models', ({ loggedModels }, actor, b) => loggedModels.create(actor, b)],
  ['POST', 'logged-models/search', ({ loggedModels }, _actor, b) => loggedModels.search(b)],
  ['GET', /^logged-models\/([^/]+)$/, ({ loggedModels }, _actor, _b, [id]) => loggedModels.get(id)],
  ['PATCH', /^logged-models\/([^/]+)$/, ({ loggedModels }, actor, b, [id]) => loggedModels.finalize(actor, id, b)],
  ['PATCH', /^logged-models\/([^/]+)\/tags$/, ({ loggedModels }, actor, b, [id]) => loggedModels.setTags(actor, id, b)],
  [
    'DELETE',
    /^logged-models\/([^/]+)\/tags\/(.+)$/,
    ({ loggedModels }, actor, _b, [id, key]) => loggedModels.deleteTag(actor, id, key),
  ],
  [
    'POST',
    /^logged-models\/([^/]+)\/params$/,
    ({ loggedModels }, actor, b, [id]) => loggedModels.logParams(actor, id, b),
  ],

  ['POST', 'registered-models/create', ({ registry }, actor, b) => registry.createRegisteredModel(actor, b)],
  ['GET', 'registered-models/get', ({ registry }, _actor, b) => registry.getRegisteredModel(b.name)],
  ['GET', 'registered-models/search', ({ registry }, _actor, b) => registry.searchRegisteredModels(b)],
  ['POST', 'registered-models/search', ({ registry }, _actor, b) => registry.searchRegisteredModels(b)],
  ['POST', 'registered-models/get-latest-versions', ({ registry }, _actor, b) => registry.latestVersions(b)],
  ['GET', 'registered-models/get-latest-versions', ({ registry }, _actor, b) => registry.latestVersions(b)],
  ['POST', 'registered-models/alias', ({ registry }, actor, b) => registry.setAlias(actor, b)],
  ['DELETE', 'registered-models/alias', ({ registry }, actor, b) => registry.deleteAlias(actor, b)],
  ['GET', 'registered-models/alias', ({ registry }, _actor, b) => registry.versionByAlias(b)],
  ['POST', 'model-versions/create', ({ registry }, actor, b) => registry.createModelVersion(actor, b)],
  ['GET', 'model-versions/get', ({ registry }, _actor, b) => registry.getModelVersion(b)],
  ['GET', 'model-versions/search', ({ registry }, _actor, b) => registry.searchModelVersions(b)],
  ['POST', 'model-versions/search', ({ registry }, _actor, b) => registry.searchModelVersions(b)],
  ['GET', 'model-versions/get-download-uri', ({ registry }, _actor, b) => registry.downloadUri(b)],
  ['PATCH', 'registered-models/update', ({ registry }, actor, b) => registry.updateRegisteredModel(actor, b)],
  ['DELETE', 'registered-models/delete', ({ registry }, actor, b) => registry.deleteRegisteredModel(actor, b)],
  ['POST', 'registered-models/set-tag', ({ registry }, actor, b) => registry.setRegisteredModelTag(actor, b)],
  ['DELETE', 'registered-models/delete-tag', ({ registry }, actor, b) => registry.deleteRegisteredModelTag(actor, b)],
  ['PATCH', 'model-versions/update', ({ registry }, actor, b) => registry.updateModelVersion(actor, b)],
  ['DELETE', 'model-versions/delete', ({ registry }, actor, b) => registry.deleteModelVersion(actor, b)],
  ['POST', 'model-versions/set-tag', ({ registry }, actor, b) => registry.setModelVersionTag(actor, b)],
  ['DELETE', 'model-versions/delete-tag', ({ registry }, actor, b) => registry.deleteModelVersionTag(actor, b)],
  ['POST', 'model-versions/transition-stage', ({ registry }, actor, b) => registry.transitionStage(actor, b)],
];

/**
 * The endpoints that list what no request names (searches): they need a role where MLflow shows
 * something (MlflowService.assertMayList), and leave out what the caller may not read. Every other
 * read names its experiment, run or model and is checked on it (FORBIDDEN when unreadable); writes
 * are checked where they are audited.
 */
const LISTS = new Set([
  'experiments/search',
  'runs/search',
  'logged-models/search',
  'registered-models/search',
  'model-versions/search',
]);

/** Whether a call runs as one command: anything but a GET or a list. */
const isCommand = (method: string, endpoint: string) => method !== 'GET' && !LISTS.has(endpoint);

const MLFLOW_CALL = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+)$/;

/** Whether an HTTP request is an MLflow call that runs as one command (for the authentication middleware). */
export function isMlflowCommand(req: express.Request): boolean {
  const call = MLFLOW_CALL.exec(req.path);
  return call !== null && isCommand(req.method, call[1]);
}

function route(method: string, endpoint: string): { handler: Handler; path: string[] } | null {
  for (const [m, pattern, handler] of ENDPOINTS) {
    if (m !== method) continue;
    if (typeof pattern === 'string') {
      if (pattern === endpoint) return { handler, path: [] };
    } else {
      const match = pattern.exec(endpoint);
      if (match) return { handler, path: match.slice(1).map(decodedPart) };
    }
  }
  return null;
}

function decodedPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `"${part}" is not valid %-encoding.`);
  }
}

/** Who is calling, for the audit trail: the token's user, or (auth off) `mlflow:` and x-mnemo-actor. */
export const actorOf = (req: express.Request) => {
  const principal = currentPrincipal();
  if (principal?.mode === 'on') return principal.actor;
  return `mlflow:${String(req.headers['x-mnemo-actor'] ?? 'anonymous').slice(0, 200)}`;
};

/**
 * What the server can do, as mlflow 3.x clients ask before choosing an artifact upload path or a
 * workspace (mlflow/utils/server_info.py; MLflow's server answers it without login). Mnemo stores
 * in Neo4j, not one of MLflow's stores, and has no workspaces, trace archival, multipart or
 * presigned uploads, or AI gateway: each said plainly so the client takes its plain paths.
 */
export const SERVER_INFO = {
  store_type: null,
  workspaces_enabled: false,
  trace_archival_enabled: false,
  multipart_uploads_enabled: false,
  multipart_downloads_enabled: false,
  presigned_upload_run_id_supported: false,
  presigned_upload_model_id_supported: false,
  features_enabled: { gateway: false },
};

/**
 * MLflow's features Mnemo leaves out on purpose (issue 19), by the first part of their endpoints:
 * a client calling one is told which feature, not just that a path is unknown.
 */
const OUT_OF_SCOPE: [RegExp, string][] = [
  [/^traces\/[^/]+\/assessments|assessments/, 'GenAI assessments'],
  [/^(traces|spans)(\/|$)/, 'GenAI traces'],
  [/^scorers(\/|$)/, 'GenAI scorers'],
  [/^prompts?(\/|$)|^prompt-/, 'the prompt registry'],
  [/^(gateway|gateway-proxy|endpoints)(\/|$)/, 'the AI gateway'],
  [/^(datasets|label-schemas|labeling-sessions)(\/|$)/, 'GenAI evaluation datasets and labeling'],
];

/** ENDPOINT_NOT_FOUND, naming the feature when it is one Mnemo leaves out. */
export function notFound(method: string, endpoint: string): MlflowError {
  const feature = OUT_OF_SCOPE.find(([pattern]) => pattern.test(endpoint))?.[1];
  return new MlflowError(
    'ENDPOINT_NOT_FOUND',
    feature
      ? `${method} ${endpoint}: Mnemo does not serve ${feature}; it answers MLflow's tracking, model registry, logged models and artifacts.`
      : `${method} ${endpoint} is not supported by Mnemo.`,
  );
}

export function mlflowRouter(api: MlflowApi) {
  const router = express.Router();
  router.get(/^\/(?:api|ajax-api)\/3\.0\/mlflow\/server-info$/, (_req, res) => {
    res.json(SERVER_INFO);
  });
  // MLflow 3's own paths (GenAI traces, scorers, prompts...): none is served, each answered in MLflow's shape.
  router.all(/^\/(?:api|ajax-api)\/3\.0\/mlflow\/(.+)$/, (req, res) => {
    const { status, body } = toMlflowError(notFound(req.method, (req.params as unknown as string[])[0]));
    res.status(status).json(body);
  });
  router.all(MLFLOW_CALL, express.json({ limit: '20mb' }), async (req, res) => {
    const endpoint = (req.params as unknown as string[])[0];
    const found = route(req.method, endpoint);
    try {
      if (!found) throw notFound(req.method, endpoint);
      if (LISTS.has(endpoint)) await api.assertMayList();
      const sent = req.method === 'GET' ? { ...req.query } : (req.body ?? {});
      if (typeof sent !== 'object' || Array.isArray(sent)) {
        throw new MlflowError('INVALID_PARAMETER_VALUE', 'The request body must be a JSON object.');
      }
      const body = checkedMlflowFields(sent, req.method === 'GET');
      const call = () => found.handler(api, actorOf(req), body, found.path);
      // Every call that may write is one command, written whole or not at all; searches only read.
      res.json(await (isCommand(req.method, endpoint) ? api.command(call) : call()));
    } catch (error) {
      const { status, body } = toMlflowError(error);
      res.status(status).json(body);
    }
  });
  return router;
}
