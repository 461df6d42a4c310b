import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '@mnemo/neo4j-local';
import { workerNeo4jUri } from './harness';

/** The compiled api (`npx tsc -b services/api` builds it), as `npm start` runs it. */
export const API_MAIN = path.resolve(__dirname, '../../dist/main.js');

export interface ApiProcess {
  base: string;
  /** What the process printed (stdout and stderr, piped: not a terminal), for assertions and failure reports. */
  output: string[];
  stop(): Promise<void>;
}

/**
 * `node dist/main.js` on a free port against this worker's Neo4j, without the demo, with `env` on
 * top (none of the caller's own MNEMO_ and NEO4J_ settings); resolves once /health answers 200.
 */
export async function startApiProcess(env: Record<string, string>, label = 'dist/main.js'): Promise<ApiProcess> {
  const port = await findFreePort();
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('MNEMO_') && !key.startsWith('NEO4J_')) childEnv[key] = value;
  }
  Object.assign(childEnv, {
    NEO4J_URI: workerNeo4jUri(),
    MNEMO_HOST: '127.0.0.1',
    MNEMO_PORT: String(port),
    MNEMO_DEMO: 'off',
    ...env,
  });
  const child: ChildProcess = spawn(process.execPath, [API_MAIN], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: ApiProcess = {
    base: `http://127.0.0.1:${port}`,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}):\n${output.join('')}`);
    try {
      if ((await fetch(`${started.base}/health`)).status === 200) return started;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await started.stop();
      throw new Error(`${label} did not answer /health within 90 s:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
