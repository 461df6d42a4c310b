import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isPrivateFolder, UPLOADS_FOLDER as UPLOADS } from './artifact-location';
import {
  type ArtifactEntry,
  artifactPathParts,
  type ArtifactStore,
  digestMismatch,
  digestOf,
  historyParts,
  measuredUpload,
  type ReceivedUpload,
} from './artifact-store';
import { MlflowError } from './mlflow-errors';

/** The artifact store in one local folder (the default): files at their paths, uploads and history beside them. */
export class FolderArtifactStore implements ArtifactStore {
  constructor(
    readonly root: string,
    readonly maxBytes: number,
  ) {}

  get description(): string {
    return `the folder ${this.root}`;
  }

  async receive(artifactPath: string, body: Readable): Promise<ReceivedUpload> {
    const target = this.resolve(artifactPath);
    // Received beside the tree, so a refused upload leaves no folder behind.
    const uploads = path.join(this.root, UPLOADS);
    await mkdir(uploads, { recursive: true });
    const temporary = path.join(uploads, randomUUID());
    const measured = measuredUpload(this.maxBytes);
    try {
      await pipeline(body, measured, createWriteStream(temporary));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return {
      digest: measured.digest(),
      sizeBytes: measured.sizeBytes(),
      commit: async () => {
        await mkdir(path.dirname(target), { recursive: true });
        await rename(temporary, target);
      },
      discard: () => rm(temporary, { force: true }),
    };
  }

  async open(artifactPath: string, digest?: string | null): Promise<ReadStream> {
    const file = this.resolve(artifactPath);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No artifact at "${artifactPath}".`);
    if (digest && (await digestOf(createReadStream(file))) !== digest) throw digestMismatch(artifactPath, digest);
    return createReadStream(file);
  }

  async keepEarlier(artifactPath: string): Promise<string | null> {
    const file = this.resolve(artifactPath);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const digest = await digestOf(createReadStream(file));
    const kept = path.join(this.root, ...historyParts(digest));
    if (!(await stat(kept).catch(() => null))) {
      await mkdir(path.dirname(kept), { recursive: true });
      await copyFile(file, kept);
    }
    return digest;
  }

  async openEarlier(digest: string): Promise<ReadStream> {
    const kept = path.join(this.root, ...historyParts(digest));
    if ((await digestOf(createReadStream(kept)).catch(() => null)) !== digest) {
      throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No earlier content with digest ${digest}.`);
    }
    return createReadStream(kept);
  }

  async list(folder: string): Promise<ArtifactEntry[]> {
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
    return path.join(this.root, ...artifactPathParts(artifactPath, allowRoot));
  }
}
