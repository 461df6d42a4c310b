import { createHash, type Hash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { HISTORY_FOLDER, isPrivateFolder } from './artifact-location';
import { MlflowError } from './mlflow-errors';

/** An upload received in full and checked, not yet in place: `commit` puts it there, `discard` drops it. */
export interface ReceivedUpload {
  digest: string;
  sizeBytes: number;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** One entry of a folder's listing, as MLflow's artifact proxy answers it. */
export interface ArtifactEntry {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/**
 * Where the files behind MLflow's artifact proxy are kept: a local folder (FolderArtifactStore) or
 * S3-compatible object storage (S3ArtifactStore), chosen from MNEMO_ARTIFACT_ROOT (artifactStoreFor).
 * Paths are canonical (artifact-location.ts: `<experiment>/<run>/artifacts/<file>`), checked again
 * by every store so none escapes its root or reaches its private folders. Both stream both ways.
 */
export interface ArtifactStore {
  /** The largest upload kept (MNEMO_ARTIFACT_MAX_BYTES); a longer body is cut off and refused. */
  readonly maxBytes: number;
  /** Where it keeps files, for the server log (no secrets). */
  readonly description: string;
  /**
   * Streams an upload aside, returning its digest; `commit` then moves it in place. Refused
   * (INVALID_PARAMETER_VALUE, nothing kept) as soon as the body passes maxBytes.
   */
  receive(artifactPath: string, body: Readable): Promise<ReceivedUpload>;
  /**
   * A stored file to send. With `digest` (as recorded at upload), the content is checked first and
   * a file that no longer matches is not sent: the server answers an error instead of other bytes.
   */
  open(artifactPath: string, digest?: string | null): Promise<Readable>;
  /**
   * Before a file is replaced: its current content is kept by digest in the history area, so what
   * an earlier digest promised stays reachable (openEarlier). Answers that digest, or null when
   * there is no file yet.
   */
  keepEarlier(artifactPath: string): Promise<string | null>;
  /** An earlier content kept by keepEarlier, checked against its digest. */
  openEarlier(digest: string): Promise<Readable>;
  /** The entries of a folder, relative to it; a file or a missing path lists as empty (as MLflow does). */
  list(folder: string): Promise<ArtifactEntry[]>;
  /** Removes a file or a folder with everything in it. */
  remove(artifactPath: string): Promise<void>;
}

/** The parts of a canonical path, refusing any that could leave the store's root (the root is `[]` when allowed). */
export function artifactPathParts(artifactPath: string, allowRoot = false): string[] {
  const parts = artifactPath.split('/').filter((part) => part !== '');
  if (
    parts.some((part) => part === '..' || part === '.' || isPrivateFolder(part) || part.includes('\0')) ||
    (!allowRoot && parts.length === 0)
  ) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `"${artifactPath}" is not a valid artifact path.`);
  }
  return parts;
}

/** Where an earlier content lives under the store's root: `.history/<2 hex>/<64 hex>`. */
export function historyParts(digest: string): string[] {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(digest)?.[1];
  if (!hex) throw new MlflowError('INVALID_PARAMETER_VALUE', `"${digest}" is not a sha256:<64 hex> digest.`);
  return [HISTORY_FOLDER, hex.slice(0, 2), hex];
}

/**
 * A pass-through that hashes and counts an upload, failing with tooLarge as soon as it passes
 * maxBytes; `digest()` once it has ended.
 */
export function measuredUpload(maxBytes: number): Transform & { sizeBytes: () => number; digest: () => string } {
  const hash: Hash = createHash('sha256');
  let sizeBytes = 0;
  const measured = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return Object.assign(measured, {
    sizeBytes: () => sizeBytes,
    digest: () => `sha256:${hash.digest('hex')}`,
  });
}

/** The digest of a stream's content, as uploads record it. */
export async function digestOf(content: AsyncIterable<unknown>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of content) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

export const digestMismatch = (artifactPath: string, digest: string) =>
  new MlflowError(
    'INTERNAL_ERROR',
    `The stored content of "${artifactPath}" no longer matches the digest recorded at its upload (${digest}); it is not sent.`,
  );

export const tooLarge = (maxBytes: number) =>
  new MlflowError(
    'INVALID_PARAMETER_VALUE',
    `The upload is larger than this server keeps (MNEMO_ARTIFACT_MAX_BYTES = ${maxBytes} bytes).`,
  );
