import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { ArtifactStore } from '../mlflow/artifact-store';
import { FolderArtifactStore } from '../mlflow/folder-artifact-store';
import { S3ArtifactStore } from '../mlflow/s3-artifact-store';
import { type S3Server, startS3Server } from './s3-server';

export type ArtifactStoreKind = 'folder' | 's3';
export const ARTIFACT_STORE_KINDS: ArtifactStoreKind[] = ['folder', 's3'];

/**
 * One artifact store for a test file, with a way around the api to what it holds: the files under
 * a folder, or the objects under a bucket's prefix (on a throw-away MinIO). Paths are the store's
 * own (`<experiment>/<run>/artifacts/<file>`, `.uploads/...`).
 */
export interface ArtifactStoreUnderTest {
  kind: ArtifactStoreKind;
  store: ArtifactStore;
  /** A file's content, or null when there is none. */
  read(artifactPath: string): Promise<string | null>;
  /** Writes a file behind the api's back (a tampered store). */
  tamper(artifactPath: string, content: string): Promise<void>;
  /** Every file under a folder ('' for all), sorted. */
  files(folder: string): Promise<string[]>;
  s3?: S3Server;
  close(): Promise<void>;
}

export async function artifactStoreUnderTest(
  kind: ArtifactStoreKind,
  maxBytes: number,
): Promise<ArtifactStoreUnderTest> {
  return kind === 'folder' ? folderStore(maxBytes) : s3Store(maxBytes);
}

function folderStore(maxBytes: number): ArtifactStoreUnderTest {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mnemo-artifacts-test-'));
  return {
    kind: 'folder',
    store: new FolderArtifactStore(root, maxBytes),
    async read(artifactPath) {
      try {
        return readFileSync(path.join(root, artifactPath), 'utf8');
      } catch {
        return null;
      }
    },
    async tamper(artifactPath, content) {
      mkdirSync(path.dirname(path.join(root, artifactPath)), { recursive: true });
      writeFileSync(path.join(root, artifactPath), content);
    },
    async files(folder) {
      const directory = path.join(root, folder);
      try {
        return readdirSync(directory, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
          .sort();
      } catch {
        return [];
      }
    },
    async close() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function s3Store(maxBytes: number): Promise<ArtifactStoreUnderTest> {
  const s3 = await startS3Server();
  const bucket = await s3.createBucket('artifacts');
  const prefix = 'mnemo/test';
  const client = new S3Client({ ...s3.connection, forcePathStyle: true } satisfies S3ClientConfig);
  const key = (artifactPath: string) => `${prefix}/${artifactPath}`;
  return {
    kind: 's3',
    s3,
    store: new S3ArtifactStore(bucket, prefix, maxBytes, s3.connection),
    async read(artifactPath) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(artifactPath) }));
        return await answer.Body!.transformToString();
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    async tamper(artifactPath, content) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key(artifactPath), Body: content }));
    },
    async files(folder) {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: folder === '' ? `${prefix}/` : `${key(folder)}/` }),
      );
      return (listed.Contents ?? []).map((object) => object.Key!.slice(prefix.length + 1)).sort();
    },
    async close() {
      client.destroy();
      await s3.close();
    },
  };
}
