import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@apollo/server/express4';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import express from 'express';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createLoaders } from './dataloaders';
import type { MnemoContext } from './context';
import { DEFAULT_ARTIFACT_MAX_BYTES } from './platform/config';
import { formatGraphQLError } from './platform/graphql-errors';
import { readQueryLimits } from './platform/config';
import { jitExecutor } from './platform/jit-executor';
import { queryCostPlugin, queryDepthRule, type QueryLimits } from './platform/query-limits';
import { requestIds } from './platform/request-context';
import { anonymousReadsRefused } from './access/anonymous-reads';
import { authenticate } from './access/authenticate';
import type { AuthMode } from './access/principal';
import { auditExportRouter } from './audit/audit-export.routes';
import { impactExportRouter } from './lineage/impact-export.routes';
import { artifactStoreFor } from './mlflow/artifact-root';
import type { ArtifactStore } from './mlflow/artifact-store';
import { mlflowArtifactsRouter } from './mlflow/mlflow-artifacts.routes';
import { createMlflowApi, isMlflowCommand, mlflowRouter } from './mlflow/mlflow.routes';
import { protocolErrors } from './protocol-errors';
import { isOpenLineageEvent, openLineageRouter } from './openlineage/openlineage.routes';
import type { GraphDatabase } from './platform/neo4j';
import { mnemoSchema } from './schema';
import { createServices } from './services';

export interface MnemoApp {
  app: express.Express;
  apollo: ApolloServer<MnemoContext>;
  artifactStore: ArtifactStore;
}

export interface AppOptions {
  /**
   * Where the MLflow artifact proxy keeps files (MNEMO_ARTIFACT_ROOT: a folder or s3://bucket/prefix);
   * a temporary folder when not given (tests).
   */
  artifactRoot?: string;
  /** A store to use instead of artifactRoot's (tests reaching a throw-away S3 server with its own keys). */
  artifactStore?: ArtifactStore;
  /** The largest upload the artifact proxy keeps (MNEMO_ARTIFACT_MAX_BYTES); 1 GiB when not given. */
  artifactMaxBytes?: number;
  /**
   * `on` (default): callers authenticate with API tokens and writes are checked against their roles.
   * `off`: everyone may do everything, naming themselves with x-mnemo-actor (local use only).
   */
  auth?: AuthMode;
  /** How much one GraphQL operation may ask for; from MNEMO_GRAPHQL_MAX_DEPTH / _COST when not given. */
  queryLimits?: QueryLimits;
}

export async function createApp(db: GraphDatabase, options: AppOptions = {}): Promise<MnemoApp> {
  const services = createServices(db);
  const schema = mnemoSchema();
  const queryLimits = options.queryLimits ?? readQueryLimits();
  const apollo = new ApolloServer<MnemoContext>({
    gateway: jitExecutor(schema),
    validationRules: [queryDepthRule(queryLimits)],
    formatError: formatGraphQLError,
    introspection: true,
    includeStacktraceInErrorResponses: false, // server paths stay in the server log
    plugins: [
      ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      // No HTTP caching of answers here; the default cache-control plugin costs a hook per resolved field.
      ApolloServerPluginCacheControlDisabled(),
      anonymousReadsRefused,
      queryCostPlugin(schema, queryLimits),
    ],
  });
  await apollo.start();

  const auth = options.auth ?? 'on';
  const contextFor = (): MnemoContext => ({
    actor: services.access.principal(auth).actor,
    loaders: createLoaders(db),
    services,
    // One attempt: type-graphql runs a resolver once, so a lost race is answered CONFLICT (graphql-errors.ts).
    command: (work) => db.write(() => work()),
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(requestIds);
  // An MLflow write or an OpenLineage event is one command: its caller may come from memory (access.service.ts).
  app.use(authenticate(services.access, auth, (req) => isMlflowCommand(req) || isOpenLineageEvent(req)));
  // Healthy means able to answer: the database is asked too, so orchestrators see an outage.
  app.get('/health', async (_req, res) => {
    try {
      await db.ping();
      res.json({ status: 'ok', neo4j: 'ok' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', neo4j: error instanceof Error ? error.message : String(error) });
    }
  });
  app.use('/graphql', express.json({ limit: '5mb' }), expressMiddleware(apollo, { context: async () => contextFor() }));
  app.use(impactExportRouter(apollo, contextFor));
  app.use(auditExportRouter(services.audit));
  const artifactStore =
    options.artifactStore ??
    artifactStoreFor(
      options.artifactRoot ?? mkdtempSync(path.join(os.tmpdir(), 'mnemo-artifacts-')),
      options.artifactMaxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES,
    );
  app.use(mlflowArtifactsRouter(artifactStore, services.artifacts, db));
  app.use(mlflowRouter(createMlflowApi(db, services)));
  app.use(openLineageRouter(services.openLineage));
  app.use(protocolErrors);
  return { app, apollo, artifactStore };
}

export function listen(app: express.Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });
}
