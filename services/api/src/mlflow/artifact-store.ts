import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HISTORY_FOLDER, isPrivateFolder, UPLOADS_FOLDER as UPLOADS } from './artifact-location';
import { MlflowError } from './mlflow-errors';

export interface StoredFile {
  digest: string;
  sizeBytes: number;
}

/**
 * The files behind MLflow's artifact proxy, kept under one root folder. Paths are canonical
 * (artifact-location.ts: `<experiment>/<run>/artifacts/<file>`), checked again so none escapes the root.
 */
export class ArtifactStore {
  constructor(
    readonly root: string,
    /** The largest upload kept (MNEMO_ARTIFACT_MAX_BYTES); a longer body is cut off and refused. */
    readonly maxBytes: number,
  ) {}

  /**
   * Streams an upload to a temporary file, returning its digest; `commit` then moves it in place.
   * Refused (INVALID_PARAMETER_VALUE, nothing kept) as soon as the body passes maxBytes.
   */
  async receive(
    artifactPath: string,
    body: Readable,
  ): Promise<StoredFile & { commit: () => Promise<void>; discard: () => Promise<void> }> {
    const target = this.resolve(artifactPath);
    // Received beside the tree, so a refused upload leaves no folder behind.
    const uploads = path.join(this.root, UPLOADS);
    await mkdir(uploads, { recursive: true });
    const temporary = path.join(uploads, randomUUID());
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const maxBytes = this.maxBytes;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done: TransformCallback) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) return done(tooLarge(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counted, createWriteStream(temporary));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return {
      digest: `sha256:${hash.digest('hex')}`,
      sizeBytes,
      commit: async () => {
        await mkdir(path.dirname(target), { recursive: true });
        await rename(temporary, target);
      },
      discard: () => rm(temporary, { force: true }),
    };
  }

  /**
   * A stored file to send. With `digest` (as recorded at upload), the content is checked first and
   * a file that no longer matches is not sent: the server answers an error instead of other bytes.
   */
  async open(artifactPath: string, digest?: string | null): Promise<ReadStream> {
    const file = this.resolve(artifactPath);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No artifact at "${artifactPath}".`);
    if (digest && (await digestOfFile(file)) !== digest) {
      throw new MlflowError(
        'INTERNAL_ERROR',
        `The stored content of "${artifactPath}" no longer matches the digest recorded at its upload (${digest}); it is not sent.`,
      );
    }
    return createReadStream(file);
  }

  /**
   * Before a file is replaced: its current content is kept by digest in the history folder, so what
   * an earlier digest promised stays reachable (openEarlier). Answers that digest, or null when there
   * is no file yet.
   */
  async keepEarlier(artifactPath: string): Promise<string | null> {
    const file = this.resolve(artifactPath);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const digest = await digestOfFile(file);
    const kept = this.historyFile(digest);
    if (!(await stat(kept).catch(() => null))) {
      await mkdir(path.dirname(kept), { recursive: true });
      await copyFile(file, kept);
    }
    return digest;
  }

  /** An earlier content kept by keepEarlier, checked against its digest. */
  async openEarlier(digest: string): Promise<ReadStream> {
    const kept = this.historyFile(digest);
    if ((await digestOfFile(kept).catch(() => null)) !== digest) {
      throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No earlier content with digest ${digest}.`);
    }
    return createReadStream(kept);
  }

  private historyFile(digest: string): string {
    const hex = /^sha256:([0-9a-f]{64})$/.exec(digest)?.[1];
    if (!hex) throw new MlflowError('INVALID_PARAMETER_VALUE', `"${digest}" is not a sha256:<64 hex> digest.`);
    return path.join(this.root, HISTORY_FOLDER, hex.slice(0, 2), hex);
  }

  /** The entries of a folder, relative to it; a file or a missing path lists as empty (as MLflow does). */
  async list(folder: string): Promise<{ path: string; is_dir: boolean; file_size?: number }[]> {
    const directory = this.resolve(folder, true);
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    const listed = await Promise.all(
      entries
        .filter((entry) => !isPrivateFolder(entry.name))
        .map(async (entry) =>
          entry.isDirectory()
            ? { path: entry.name, is_dir: true }
            : { path: entry.name, is_dir: false, file_size: (await stat(path.join(directory, entry.name))).size },
        ),
    );
    return listed.sort((a, b) => a.path.localeCompare(b.path));
  }

  async remove(artifactPath: string): Promise<void> {
    await rm(this.resolve(artifactPath), { recursive: true, force: true });
  }

  /** Where a canonical path lives on disk (the root for ''), refusing any part that could leave it. */
  private resolve(artifactPath: string, allowRoot = false): string {
    const parts = artifactPath.split('/').filter((part) => part !== '');
    if (
      parts.some((part) => part === '..' || part === '.' || isPrivateFolder(part) || part.includes('\0')) ||
      (!allowRoot && parts.length === 0)
    ) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', `"${artifactPath}" is not a valid artifact path.`);
    }
    return path.join(this.root, ...parts);
  }
}

/** A file's content digest, as uploads record it. */
async function digestOfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

export const tooLarge = (maxBytes: number) =>
  new MlflowError(
    'INVALID_PARAMETER_VALUE',
    `The upload is larger than this server keeps (MNEMO_ARTIFACT_MAX_BYTES = ${maxBytes} bytes).`,
  );
