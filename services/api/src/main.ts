import 'reflect-metadata';
import { startNeo4j, type LocalNeo4j } from '@mnemo/neo4j-local';
import { createApp, listen } from './app';
import { loadDemoOrganisation } from './demo/demo-organisation';
import { withRequestId } from './platform/request-context';
import { readConfig } from './platform/config';
import { migrate } from './platform/migrations';
import { createDriver, GraphDatabase } from './platform/neo4j';

const log = (line: string) => console.log(`[mnemo] ${line}`);

/**
 * `npm start`: a local Neo4j unless NEO4J_URI is set, migrations, the demo organisation on an
 * empty database, then the API. Ctrl-C stops everything cleanly; the data stays for next time.
 */
async function main() {
  const config = readConfig();
  let local: LocalNeo4j | null = null;
  let uri = config.neo4jUri;
  if (!uri) {
    log(`starting a local Neo4j 5.26 (data in ${config.localDataDir}) ...`);
    local = await startNeo4j({
      home: config.localDataDir,
      port: config.localBoltPort,
      heap: '2g',
      pageCache: '1g',
      log,
    });
    uri = local.uri;
    log(`local Neo4j ready at ${uri} (loopback only, authentication off)`);
  } else {
    log(`using Neo4j at ${uri}`);
  }

  const db = new GraphDatabase(
    createDriver({ uri, user: config.neo4jUser ?? undefined, password: config.neo4jPassword ?? undefined }),
    config.neo4jDatabase,
  );
  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ...`);
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
    await db.driver.verifyConnectivity();
    const applied = await migrate(db, log);
    log(applied.length ? `${applied.length} migration(s) applied` : 'migrations up to date');
    if (config.loadDemo) {
      // The demo's audit events share one request id, so the whole load can be told apart in the trail.
      const loaded = await withRequestId(`demo-load-${Date.now()}`, () => loadDemoOrganisation(db, log));
      log(loaded ? 'demo organisation loaded' : 'database already holds data; demo not loaded');
    }
    const { app } = await createApp(db, { artifactRoot: config.artifactRoot });
    await listen(app, config.host, config.port);
    log(`GraphQL API and sandbox: http://${config.host}:${config.port}/graphql`);
    log(`health: http://${config.host}:${config.port}/health   (Ctrl-C to stop)`);
  } catch (error) {
    console.error('[mnemo] could not start:', error instanceof Error ? error.message : error);
    await stop('error', 1);
  }
}

main().catch((error) => {
  console.error('[mnemo] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
