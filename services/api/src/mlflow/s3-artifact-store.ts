import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isPrivateFolder, UPLOADS_FOLDER } from './artifact-location';
import {
  type ArtifactEntry,
  artifactPathParts,
  type ArtifactStore,
  digestMismatch,
  digestOf,
  historyParts,
  measuredUpload,
  type ReceivedUpload,
  tooLarge,
} from './artifact-store';
import { MlflowError } from './mlflow-errors';

/** How to reach the object storage: AWS itself, or an S3-compatible server at `endpoint` (path-style). */
export interface S3Connection {
  region: string;
  endpoint?: string;
  /** Explicit keys; otherwise the AWS SDK's usual chain (AWS_ACCESS_KEY_ID..., profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** S3 copies one object of at most 5 GiB in one request; a larger upload limit could not be committed. */
const LARGEST_COPY = 5 * 1024 ** 3;
/** Uploads go in parts of this size (S3's least is 5 MiB), at most two in memory at once. */
const PART_BYTES = 8 * 1024 ** 2;

/**
 * The artifact store in an S3 bucket under a prefix, shared by every api replica. Keys mirror the
 * folder store's paths: `<prefix>/<experiment>/<run>/artifacts/<file>`, uploads streamed (multipart)
 * to `<prefix>/.uploads/<uuid>` and copied in place by the server when the graph has recorded them,
 * earlier contents at `<prefix>/.history/<2 hex>/<sha256 hex>`. Reading checks a digest in a first
 * pass and sends the same object version (If-Match on its ETag) in the second, so nothing is buffered.
 */
export class S3ArtifactStore implements ArtifactStore {
  private readonly s3: S3Client;
  private readonly prefix: string[];

  constructor(
    readonly bucket: string,
    prefix: string,
    readonly maxBytes: number,
    readonly connection: S3Connection,
  ) {
    if (maxBytes > LARGEST_COPY) {
      throw new Error(`MNEMO_ARTIFACT_MAX_BYTES can be at most ${LARGEST_COPY} (5 GiB) with an S3 artifact root.`);
    }
    this.prefix = prefix.split('/').filter((part) => part !== '');
    this.s3 = new S3Client({
      region: connection.region,
      endpoint: connection.endpoint,
      // S3-compatible servers (MinIO, Ceph, S3Proxy...) are addressed by path, not by bucket host name.
      forcePathStyle: connection.endpoint !== undefined,
      credentials: connection.credentials,
      maxAttempts: 3,
      // Checksums only where S3 requires them: not every S3-compatible server knows the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  get description(): string {
    const at = this.connection.endpoint ? ` at ${this.connection.endpoint}` : '';
    return `s3://${[this.bucket, ...this.prefix].join('/')}${at}`;
  }

  async receive(artifactPath: string, body: Readable): Promise<ReceivedUpload> {
    const target = this.key(artifactPathParts(artifactPath));
    const temporary = this.key([UPLOADS_FOLDER, randomUUID()]);
    const measured = measuredUpload(this.maxBytes);
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: temporary, Body: measured },
      partSize: PART_BYTES,
      queueSize: 2,
    });
    // A store that stops answering must stop the reading too, or the request would wait forever.
    const sending = upload.done().catch((error: unknown) => {
      measured.destroy(error as Error);
      throw error;
    });
    const reading = pipeline(body, measured);
    try {
      await Promise.all([reading, sending]);
    } catch (error) {
      await Promise.allSettled([reading, sending, upload.abort(), this.forget(temporary)]);
      // upload.abort() misses a multipart upload whose creation was still under way: swept here.
      await this.abortUnfinished(temporary);
      if (measured.sizeBytes() > this.maxBytes) throw tooLarge(this.maxBytes);
      throw this.failure(error, 'keep the upload');
    }
    return {
      digest: measured.digest(),
      sizeBytes: measured.sizeBytes(),
      commit: async () => {
        await this.call('put the upload in place', () =>
          this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: this.source(temporary) })),
        );
        await this.forget(temporary);
      },
      discard: () => this.forget(temporary),
    };
  }

  async open(artifactPath: string, digest?: string | null): Promise<Readable> {
    const key = this.key(artifactPathParts(artifactPath));
    const missing = () => new MlflowError('RESOURCE_DOES_NOT_EXIST', `No artifact at "${artifactPath}".`);
    if (!digest) {
      const found = await this.read(key);
      if (found === null) throw missing();
      return found;
    }
    return this.readChecked(key, digest, missing, () => digestMismatch(artifactPath, digest));
  }

  async keepEarlier(artifactPath: string): Promise<string | null> {
    const key = this.key(artifactPathParts(artifactPath));
    const current = await this.read(key);
    if (current === null) return null;
    const digest = await this.call('read the file it replaces', () => digestOf(current));
    const kept = this.key(historyParts(digest));
    if (!(await this.exists(kept))) {
      await this.call('keep the earlier content', () =>
        this.s3.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key: kept,
            CopySource: this.source(key),
            // The very object that was hashed, not one a concurrent upload put there since.
            CopySourceIfMatch: current.etag,
          }),
        ),
      );
    }
    return digest;
  }

  async openEarlier(digest: string): Promise<Readable> {
    const missing = () => new MlflowError('RESOURCE_DOES_NOT_EXIST', `No earlier content with digest ${digest}.`);
    return this.readChecked(this.key(historyParts(digest)), digest, missing, missing);
  }

  async list(folder: string): Promise<ArtifactEntry[]> {
    const base = this.key(artifactPathParts(folder, true));
    const prefix = base === '' ? '' : `${base}/`;
    const entries: ArtifactEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('list the folder', () =>
        this.s3.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
        ),
      );
      for (const common of page.CommonPrefixes ?? []) {
        const name = common.Prefix!.slice(prefix.length, -1);
        if (name !== '' && !isPrivateFolder(name)) entries.push({ path: name, is_dir: true });
      }
      for (const object of page.Contents ?? []) {
        const name = object.Key!.slice(prefix.length);
        if (name !== '') entries.push({ path: name, is_dir: false, file_size: object.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return entries.sort((a, b) => a.path.localeCompare(b.path));
  }

  async remove(artifactPath: string): Promise<void> {
    const key = this.key(artifactPathParts(artifactPath));
    const keys = [key];
    let token: string | undefined;
    do {
      const page = await this.call('list what to delete', () =>
        this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${key}/`, ContinuationToken: token })),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // One request per object: DeleteObjects needs a checksum header not every S3-compatible server takes.
    for (const each of keys) {
      await this.call('delete the file', () =>
        this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: each })),
      );
    }
  }

  /**
   * A first pass hashes the object; a mismatch is refused before any byte is sent. The second
   * sends the same object version (If-Match), so a file replaced in between is not sent unchecked.
   */
  private async readChecked(
    key: string,
    digest: string,
    missing: () => MlflowError,
    mismatch: () => MlflowError,
  ): Promise<Readable> {
    const first = await this.read(key);
    if (first === null) throw missing();
    if ((await this.call('read the file', () => digestOf(first))) !== digest) throw mismatch();
    const second = await this.read(key, first.etag);
    if (second === null) throw missing();
    return second;
  }

  /** The object's content as a stream with its ETag, or null when there is none. */
  private async read(key: string, etag?: string): Promise<(Readable & { etag?: string }) | null> {
    try {
      const answer = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, IfMatch: etag }));
      return Object.assign(answer.Body as Readable, { etag: answer.ETag });
    } catch (error) {
      if (isNotFound(error)) return null;
      if (etag && statusOf(error) === 412) {
        throw new MlflowError('INTERNAL_ERROR', `"${key}" was replaced while it was being checked; ask again.`);
      }
      throw this.failure(error, 'read the file');
    }
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.failure(error, 'look for the earlier content');
    }
  }

  /** Drops a temporary upload; a store that cannot be reached leaves it to the bucket's lifecycle rule. */
  /** Aborts the multipart uploads still open under a key, so no parts of a refused upload stay billed. */
  private async abortUnfinished(key: string): Promise<void> {
    try {
      const open = await this.s3.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: key }));
      for (const { Key, UploadId } of open.Uploads ?? []) {
        if (Key === key && UploadId)
          await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }));
      }
    } catch (error) {
      console.error(`Could not abort the unfinished upload ${key} in ${this.description}:`, error);
    }
  }

  private async forget(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch((error: unknown) => {
      console.error(`Could not delete the temporary upload ${key} from ${this.description}:`, error);
    });
  }

  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.failure(error, what);
    }
  }

  /** The store's fault in words (503: the client may try again), with the details in the server log. */
  private failure(error: unknown, what: string): unknown {
    if (error instanceof MlflowError) return error;
    console.error(`The artifact store ${this.description} failed to ${what}:`, error);
    const reason = error instanceof S3ServiceException ? `${error.name} (HTTP ${statusOf(error)})` : 'no answer';
    return new MlflowError(
      'TEMPORARILY_UNAVAILABLE',
      `The artifact store (object storage) could not ${what}: ${reason}; try again later.`,
    );
  }

  private key(parts: string[]): string {
    return [...this.prefix, ...parts].join('/');
  }

  /** A CopySource: the bucket and the key, %-encoded part by part. */
  private source(key: string): string {
    return `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }
}

const statusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

/** No such object; a missing bucket is the server's setup, not the client's path (answered 503). */
const isNotFound = (error: unknown): boolean => {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NoSuchKey' || (statusOf(error) === 404 && name !== 'NoSuchBucket');
};
