import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNeo4j, type LocalNeo4j } from '@mnemo/neo4j-local';
import { migrate } from '../platform/migrations';
import { createDriver, GraphDatabase } from '../platform/neo4j';

/**
 * Starts one real Neo4j per Jest worker, each on a free port with a throw-away data folder, and
 * migrates it. Files in one worker run one after another, so each test file may wipe and count its
 * worker's whole database. MNEMO_TEST_NEO4J_URIS (comma-separated) uses existing, disposable
 * databases instead; never point it at data you keep.
 */
export default async function globalSetup(config: { maxWorkers: number }) {
  if (process.env.MNEMO_TEST_NEO4J_URIS) return;
  const count = Math.max(1, config.maxWorkers);
  const root = mkdtempSync(path.join(os.tmpdir(), 'mnemo-test-neo4j-'));
  const instances: LocalNeo4j[] = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startNeo4j({ home: path.join(root, `worker-${i + 1}`), heap: '768m', pageCache: '128m', log: () => {} }),
    ),
  );
  (globalThis as { mnemoTestNeo4j?: { instances: LocalNeo4j[]; root: string } }).mnemoTestNeo4j = { instances, root };
  for (const instance of instances) {
    const db = new GraphDatabase(createDriver({ uri: instance.uri }));
    await migrate(db);
    await db.close();
  }
  process.env.MNEMO_TEST_NEO4J_URIS = instances.map((instance) => instance.uri).join(',');
}
