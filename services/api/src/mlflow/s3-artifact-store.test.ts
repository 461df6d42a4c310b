import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createDriver, GraphDatabase } from '../platform/neo4j';
import { API_MAIN, type ApiProcess, startApiProcess } from '../test-support/api-process';
import { workerNeo4jUri } from '../test-support/harness';
import { type S3Server, startS3Server } from '../test-support/s3-server';
import { digestOf } from './artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

/**
 * What only object storage adds to the artifact suite (mlflow-artifacts.test.ts runs on both stores):
 * large files streamed in parts, api replicas sharing one bucket, and an outage of the S3 server.
 * Against a real MinIO, not a mock.
 */
const MiB = 1024 ** 2;
let s3: S3Server;
let client: S3Client;
let db: GraphDatabase;
let scratch: string;

beforeAll(async () => {
  s3 = await startS3Server();
  client = new S3Client({ ...s3.connection, forcePathStyle: true });
  db = new GraphDatabase(createDriver({ uri: workerNeo4jUri() }));
  scratch = mkdtempSync(path.join(os.tmpdir(), 'mnemo-s3-replicas-'));
}, 120_000);
afterAll(async () => {
  client?.destroy();
  await db?.close();
  await s3?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A body of `size` random bytes, streamed in 64 KiB chunks (never one buffer), and its digest. */
function randomBody(size: number): { body: Readable; digest: Promise<string> } {
  const hash = createHash('sha256');
  let left = size;
  let resolveDigest: (digest: string) => void;
  const digest = new Promise<string>((resolve) => (resolveDigest = resolve));
  const body = new Readable({
    read() {
      if (left === 0) {
        resolveDigest(`sha256:${hash.digest('hex')}`);
        return this.push(null);
      }
      const chunk = randomBytes(Math.min(64 * 1024, left));
      left -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { body, digest };
}

describe('large files', () => {
  let bucket: string;
  let store: S3ArtifactStore;
  beforeAll(async () => {
    bucket = await s3.createBucket('large');
    store = new S3ArtifactStore(bucket, 'big', 20 * MiB, s3.connection);
  });

  it('streams a 12 MiB upload in parts and sends it back checked against its digest', async () => {
    const { body, digest } = randomBody(12 * MiB);
    const upload = await store.receive('1/run1/artifacts/weights.bin', body);
    expect(upload.digest).toBe(await digest);
    expect(upload.sizeBytes).toBe(12 * MiB);
    await upload.commit();
    // More than one 8 MiB part: lib-storage sent it as a multipart upload, then it was copied in place.
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'big/' }));
    expect(listed.Contents!.map((object) => [object.Key, object.Size])).toEqual([
      ['big/1/run1/artifacts/weights.bin', 12 * MiB],
    ]);
    expect(await digestOf(await store.open('1/run1/artifacts/weights.bin', upload.digest))).toBe(upload.digest);
    expect(await store.list('1/run1/artifacts')).toEqual([{ path: 'weights.bin', is_dir: false, file_size: 12 * MiB }]);
  });

  it('refuses an upload that grows past the limit mid-way, leaving no object and no unfinished parts', async () => {
    const { body } = randomBody(25 * MiB);
    await expect(store.receive('1/run1/artifacts/huge.bin', body)).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining('MNEMO_ARTIFACT_MAX_BYTES'),
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'big/' }));
    expect(listed.Contents!.map((object) => object.Key)).toEqual(['big/1/run1/artifacts/weights.bin']);
    const unfinished = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(unfinished.Uploads ?? []).toEqual([]);
  });
});

describe('a bucket that is not there', () => {
  it("is the server's setup failing (503 in words), not a missing file", async () => {
    const store = new S3ArtifactStore('no-such-bucket', 'x', MiB, s3.connection);
    for (const attempt of [
      () => store.open('1/run1/artifacts/a.txt'),
      () => store.list('1'),
      () => store.keepEarlier('1/a.txt'),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        errorCode: 'TEMPORARILY_UNAVAILABLE',
        message: expect.stringContaining('NoSuchBucket'),
      });
    }
  });
});

describe('two api replicas sharing one bucket', () => {
  let bucket: string;
  const replicas: ApiProcess[] = [];
  let experiment: string;
  let run: string;

  const mlflow = async (replica: ApiProcess, endpoint: string, body: unknown) => {
    const response = await fetch(`${replica.base}/api/2.0/mlflow/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mnemo-actor': 'user:tester' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as any;
  };
  const artifact = async (replica: ApiProcess, method: string, file: string, body?: string) => {
    const response = await fetch(
      `${replica.base}/api/2.0/mlflow-artifacts/artifacts/${experiment}/${run}/artifacts/${file}`,
      { method, body, headers: { 'x-mnemo-actor': 'user:tester' } },
    );
    return { status: response.status, text: await response.text() };
  };
  const recorded = async () =>
    JSON.stringify(
      await db.runScript('MATCH (a:Artifact) RETURN a.id AS id, a.digest AS digest, a.earlierDigests AS e ORDER BY id'),
    );

  beforeAll(async () => {
    if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: build the api first (npm run build).`);
    await db.runScript('MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
    bucket = await s3.createBucket('replicas');
    for (const name of ['a', 'b']) {
      replicas.push(
        await startApiProcess(
          {
            MNEMO_AUTH: 'off',
            MNEMO_ARTIFACT_ROOT: `s3://${bucket}/shared`,
            MNEMO_PLACEHOLDER_KEY_FILE: path.join(scratch, 'placeholder-key'),
            ...s3.env,
          },
          `replica ${name}`,
        ),
      );
    }
    experiment = (await mlflow(replicas[0], 'experiments/create', { name: 'shared-bucket' })).experiment_id;
    run = (await mlflow(replicas[0], 'runs/create', { experiment_id: experiment })).run.info.run_id;
  }, 180_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
  });

  it('says where each replica keeps artifacts', () => {
    for (const replica of replicas) {
      expect(replica.output.join('')).toContain(`artifacts kept in s3://${bucket}/shared at ${s3.endpoint}`);
    }
  });

  it('serves through one replica what was uploaded through the other, with its digest checked', async () => {
    const [a, b] = replicas;
    expect((await artifact(a, 'PUT', 'model.txt', 'weights v1')).status).toBe(200);
    expect(await artifact(b, 'GET', 'model.txt')).toEqual({ status: 200, text: 'weights v1' });
    expect((await artifact(b, 'PUT', 'model.txt', 'weights v2')).status).toBe(200);
    expect(await artifact(a, 'GET', 'model.txt')).toEqual({ status: 200, text: 'weights v2' });
    const v1 = `sha256:${createHash('sha256').update('weights v1').digest('hex')}`;
    expect(await artifact(a, 'GET', `model.txt?digest=${v1}`)).toEqual({ status: 200, text: 'weights v1' });
    // Changed in the bucket behind Mnemo's back: neither replica sends it.
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `shared/${experiment}/${run}/artifacts/model.txt`,
        Body: 'tampered',
      }),
    );
    for (const replica of replicas) {
      const answer = await artifact(replica, 'GET', 'model.txt');
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.text).message).toContain('no longer matches the digest recorded at its upload');
    }
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `shared/${experiment}/${run}/artifacts/model.txt`,
        Body: 'weights v2',
      }),
    );
  });

  it('answers an outage of the S3 server with a 503 in words, changing nothing, and serves again after it', async () => {
    const [a, b] = replicas;
    const before = await recorded();
    await s3.stop();
    try {
      const upload = await artifact(a, 'PUT', 'model.txt', 'weights v3');
      expect(upload.status).toBe(503);
      expect(JSON.parse(upload.text)).toEqual({
        error_code: 'TEMPORARILY_UNAVAILABLE',
        message: expect.stringMatching(/^The artifact store \(object storage\) could not .+; try again later\.$/),
      });
      expect((await artifact(b, 'GET', 'model.txt')).status).toBe(503);
      const listing = await fetch(`${b.base}/api/2.0/mlflow-artifacts/artifacts?path=${experiment}`, {
        headers: { 'x-mnemo-actor': 'user:tester' },
      });
      expect(listing.status).toBe(503);
      expect(await recorded()).toBe(before);
    } finally {
      await s3.start();
    }
    expect(await artifact(b, 'GET', 'model.txt')).toEqual({ status: 200, text: 'weights v2' });
    const kept = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: `shared/${experiment}/${run}/artifacts/model.txt` }),
    );
    expect(kept.ContentLength).toBe('weights v2'.length);
  });
});
