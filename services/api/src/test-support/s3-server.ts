import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { findFreePort } from '@mnemo/neo4j-local';
import { REPO_ROOT } from '../platform/config';
import type { S3Connection } from '../mlflow/s3-artifact-store';

/** MinIO as scripts/minio.mjs builds it for the tests (`npm test` does; MNEMO_TEST_MINIO names another binary). */
export const MINIO = process.env.MNEMO_TEST_MINIO ?? path.join(REPO_ROOT, '.mnemo', 'bin', 'minio');

/** A real S3 server (MinIO) on 127.0.0.1, on a free port, with a throw-away data folder. */
export interface S3Server {
  endpoint: string;
  connection: Required<S3Connection>;
  /** The same settings as an api process reads them (AWS_*), for `MNEMO_ARTIFACT_ROOT=s3://...`. */
  env: Record<string, string>;
  /** Creates a new bucket, named for the test, and answers its name. */
  createBucket(label: string): Promise<string>;
  /** Stops the server (an outage); `start` brings it back on the same port with the same data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startS3Server(): Promise<S3Server> {
  if (!existsSync(MINIO)) {
    throw new Error(`${MINIO} is missing: \`npm test\` builds it (node scripts/minio.mjs), or set MNEMO_TEST_MINIO.`);
  }
  const data = mkdtempSync(path.join(os.tmpdir(), 'mnemo-test-s3-'));
  const port = await findFreePort();
  const consolePort = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'mnemo-test', secretAccessKey: `secret-${randomUUID()}` };
  const connection = { region: 'us-east-1', endpoint, credentials };
  let child: ChildProcess | null = null;
  const output: string[] = [];

  const start = async () => {
    child = spawn(
      MINIO,
      ['server', data, '--quiet', '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`],
      {
        env: {
          ...process.env,
          MINIO_ROOT_USER: credentials.accessKeyId,
          MINIO_ROOT_PASSWORD: credentials.secretAccessKey,
          MINIO_BROWSER: 'off',
          MINIO_UPDATE: 'off',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`MinIO exited (${child.exitCode}):\n${output.join('')}`);
      try {
        if ((await fetch(`${endpoint}/minio/health/ready`)).status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`MinIO was not ready within 60 s:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  const s3 = new S3Client({ ...connection, forcePathStyle: true });
  return {
    endpoint,
    connection,
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: connection.region,
      AWS_ENDPOINT_URL: endpoint,
    },
    async createBucket(label) {
      const bucket = `${label}-${randomUUID().slice(0, 8)}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    stop,
    start,
    async close() {
      s3.destroy();
      await stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
