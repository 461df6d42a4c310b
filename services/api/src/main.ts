import 'reflect-metadata';
import { startNeo4j, type LocalNeo4j } from '@mnemo/neo4j-local';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LOOPBACK_HOSTS, type MnemoConfig, readConfig } from './platform/config';
import type { GraphDatabase } from './platform/neo4j';
import { secretFromFile } from './platform/secret-file';

const log = (line: string) => console.log(`[mnemo] ${line}`);

/**
 * `npm start`: a local Neo4j unless NEO4J_URI is set, migrations, the demo organisation on an
 * empty database, then the API. Ctrl-C stops everything cleanly; the data stays for next time.
 */
async function main() {
  const config = readConfig();
  if (config.auth === 'off') {
    if (!LOOPBACK_HOSTS.includes(config.host)) {
      console.error(
        `[mnemo] refusing to start: MNEMO_AUTH=off lets anyone do anything, so it is allowed only on a loopback ` +
          `host (127.0.0.1 or localhost); MNEMO_HOST is ${config.host}. Unset MNEMO_AUTH to use tokens.`,
      );
      process.exit(1);
    }
    warnAuthOff(config);
  }
  let local: LocalNeo4j | null = null;
  // The JVM is spawned at once (the port is given), and the api's modules load while it boots.
  if (!config.neo4jUri) log(`starting a local Neo4j 5.26 (data in ${config.localDataDir}) ...`);
  const starting = config.neo4jUri
    ? null
    : startNeo4j({ home: config.localDataDir, port: config.localBoltPort, heap: '2g', pageCache: '1g', log });
  starting?.catch(() => {}); // a failure is thrown where it is awaited, below
  const api = await loadApi();
  let uri = config.neo4jUri;
  if (!uri) {
    local = await starting!;
    uri = local.uri;
    log(`local Neo4j ready at ${uri} (loopback only, authentication off)`);
  } else {
    log(`using Neo4j at ${uri}`);
  }
  const { createApp, listen, loadDemoOrganisation, withRequestId, migrate, createDriver } = api;

  const db = new api.GraphDatabase(
    createDriver({ uri, user: config.neo4jUser ?? undefined, password: config.neo4jPassword ?? undefined }),
    config.neo4jDatabase,
  );
  let stopping = false;
  let dispatcher: { stop(): Promise<void> } | null = null;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ...`);
    await dispatcher?.stop().catch(() => {});
    await db.close().catch(() => {});
    if (local) {
      await local.stop();
      log('local Neo4j stopped cleanly');
    }
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    api.usePlaceholderKey(config.placeholderKey ?? secretFromFile(config.placeholderKeyFile));
    // The app (GraphQL schema, Apollo) is built while Neo4j applies the migrations and loads the
    // demo: it asks the database nothing until it serves, which it does only once both are done.
    const building = createApp(db, {
      artifactRoot: config.artifactRoot,
      artifactMaxBytes: config.artifactMaxBytes,
      auth: config.auth,
      queryLimits: config.queryLimits,
    });
    building.catch(() => {}); // a failure is thrown where it is awaited, below
    await db.driver.verifyConnectivity();
    // The demo loads once the schema is in place; on an empty database before its full-text indexes.
    const loadDemo = async () => {
      // The demo's audit events share one request id, so the whole load can be told apart in the trail.
      const loaded = await withRequestId(`demo-load-${Date.now()}`, () => loadDemoOrganisation(db, log));
      log(loaded ? 'demo organisation loaded' : 'database already holds data; demo not loaded');
    };
    const applied = await migrate(db, log, config.loadDemo ? { load: loadDemo } : {});
    log(applied.length ? `${applied.length} migration(s) applied` : 'migrations up to date');
    await prepareAccess(api, db, config);
    const { app, artifactStore } = await building;
    await listen(app, config.host, config.port);
    // Webhook deliveries leave from the outbox in the background, in every replica (docs/operations.md).
    dispatcher = new api.WebhookDispatcher(db, api.readDispatcherSettings(), log).start();
    log(`artifacts kept in ${artifactStore.description}`);
    log(`GraphQL API and sandbox: http://${config.host}:${config.port}/graphql`);
    log(`health: http://${config.host}:${config.port}/health   (Ctrl-C to stop)`);
    log(config.auth === 'on' ? 'authentication on: send Authorization: Bearer <token>' : 'AUTHENTICATION OFF');
  } catch (error) {
    console.error('[mnemo] could not start:', error instanceof Error ? error.message : error);
    await stop('error', 1);
  }
}

/**
 * What access control needs before the first request: MLflow's project (so roles can be granted on
 * it before anyone logs a run) and, with auth on, a local admin when there is no org admin yet.
 */
async function prepareAccess(api: Api, db: GraphDatabase, config: MnemoConfig) {
  const { createServices, withRequestId, MLFLOW_PROJECT, ignoreConflict, ensureLocalAdmin, LOCAL_ADMIN_ID } = api;
  const services = createServices(db);
  await withRequestId(`startup-${Date.now()}`, async () => {
    await services.catalog
      .createProjectImplicitly('mnemo', { slug: MLFLOW_PROJECT.slug, name: MLFLOW_PROJECT.name })
      .catch(ignoreConflict);
    if (config.auth !== 'on') return;
    const secret = await ensureLocalAdmin(services);
    if (secret) {
      mkdirSync(path.dirname(config.adminTokenFile), { recursive: true });
      writeFileSync(config.adminTokenFile, `${secret}\n`, { mode: 0o600 });
      chmodSync(config.adminTokenFile, 0o600);
      const rule = '='.repeat(78);
      // The secret goes to a terminal only: a log redirected to a file may be read by anyone.
      const shown = process.stdout.isTTY
        ? [
            `  Its secret, shown this once (also written to ${config.adminTokenFile}, mode 0600):`,
            '',
            `      ${secret}`,
            '',
          ]
        : [
            `  Its secret is in ${config.adminTokenFile} (mode 0600), not in this log: the output is`,
            '  not a terminal, and a log file may be readable by others.',
            '',
          ];
      console.log(
        [
          rule,
          `  First start: ${LOCAL_ADMIN_ID} (org ADMIN) was created with the API token "local-admin".`,
          ...shown,
          '  Send it as "Authorization: Bearer <secret>" (MNEMO_TOKEN for the CLI and SDK,',
          '  MLFLOW_TRACKING_TOKEN for MLflow). Make tokens for others with createApiToken or',
          '  `mnemo token create`, and revoke this one when you no longer need it.',
          rule,
        ].join('\n'),
      );
    } else {
      log(`authentication on; the local admin token (if any) is in ${config.adminTokenFile}`);
    }
  });
}

/** Everything past the configuration: a second or so of module loading, done while the JVM boots. */
async function loadApi() {
  const [
    { ensureLocalAdmin, LOCAL_ADMIN_ID },
    { createApp, listen },
    { MLFLOW_PROJECT },
    { ignoreConflict },
    { createServices },
    { loadDemoOrganisation },
    { withRequestId },
    { migrate },
    { createDriver, GraphDatabase },
    { usePlaceholderKey },
    { WebhookDispatcher, readDispatcherSettings },
  ] = await Promise.all([
    import('./access/local-admin'),
    import('./app'),
    import('./mlflow/mlflow-ids'),
    import('./platform/errors'),
    import('./services'),
    import('./demo/demo-organisation'),
    import('./platform/request-context'),
    import('./platform/migrations'),
    import('./platform/neo4j'),
    import('./access/placeholder-key'),
    import('./notifications/dispatcher'),
  ]);
  return {
    ensureLocalAdmin,
    LOCAL_ADMIN_ID,
    createApp,
    listen,
    MLFLOW_PROJECT,
    ignoreConflict,
    createServices,
    loadDemoOrganisation,
    withRequestId,
    migrate,
    createDriver,
    GraphDatabase,
    usePlaceholderKey,
    WebhookDispatcher,
    readDispatcherSettings,
  };
}
type Api = Awaited<ReturnType<typeof loadApi>>;

function warnAuthOff(config: MnemoConfig) {
  const rule = '!'.repeat(78);
  console.warn(
    [
      rule,
      '  MNEMO_AUTH=off: AUTHENTICATION AND AUTHORIZATION ARE OFF.',
      `  Anyone who can reach ${config.host}:${config.port} may read and change everything, naming`,
      '  themselves with the x-mnemo-actor header. For local use only; unset MNEMO_AUTH for tokens.',
      rule,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error('[mnemo] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
