import express from 'express';
import { pipeline } from 'node:stream/promises';
import type { ArtifactService } from '../artifacts/artifacts.service';
import type { GraphDatabase } from '../platform/neo4j';
import {
  assertMayDeleteArtifact,
  assertMayReadArtifacts,
  assertMayUploadArtifact,
  readableEntries,
} from './artifact-access';
import { assertNotFrozen } from './artifact-freeze';
import { type ArtifactLocation, canonicalArtifactPath, decodedArtifactPath, locateArtifact } from './artifact-location';
import { type ArtifactStore, tooLarge } from './artifact-store';
import { MlflowError, toMlflowError } from './mlflow-errors';
import { actorOf } from './mlflow.routes';

const PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`): uploads, downloads and listings in
 * the artifact store (a local folder or an S3 bucket, artifact-root.ts). Every request's path is made canonical and resolved to what owns it (a run, a logged
 * model, an experiment) first; the caller is checked against that owner before the body is read or
 * a file opened. A file uploaded into a run's `artifacts/` folder is recorded as an Artifact
 * GENERATED_BY the run, in the same request; if the graph refuses it, the file is not kept.
 *
 * The store is an immutable registry: an upload's digest is recorded and checked before the file
 * is sent again; a replaced file's earlier content stays reachable by its digest
 * (`GET …?digest=sha256:…`, for digests the artifact has had); the files of a registered model
 * version are frozen (artifact-freeze.ts).
 */
export function mlflowArtifactsRouter(store: ArtifactStore, artifacts: ArtifactService, db: GraphDatabase) {
  const router = express.Router();
  const answer =
    (handler: (req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler =>
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (error) {
        const { status, body } = toMlflowError(error);
        // An upload refused before its body was read: close the connection rather than read the rest.
        if (req.method === 'PUT' && !req.readableEnded) res.set('connection', 'close');
        if (!res.headersSent) res.status(status).json(body);
        else res.destroy();
      }
    };
  /**
   * The file to send: a run's recorded file checked against its digest, or, when the client asks for
   * a digest, the content the artifact had with it (current or earlier).
   */
  const stored = async (location: ArtifactLocation, digest: string | null) => {
    const recorded =
      location.kind === 'run' && location.file !== null ? await artifacts.digests(location.runId, location.file) : null;
    if (digest === null) return store.open(location.path, recorded?.digest);
    if (recorded?.digest === digest) return store.open(location.path, digest);
    if (!recorded?.earlier.includes(digest)) {
      throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `"${location.path}" never had the content ${digest}.`);
    }
    return store.openEarlier(digest);
  };
  const located = (decoded: string) => locateArtifact(db, canonicalArtifactPath(decoded));
  const fromPath = (req: express.Request) => located(decodedArtifactPath(req.path.slice(PREFIX.length + 1)));

  router.get(
    PREFIX,
    answer(async (req, res) => {
      const location = await located(typeof req.query.path === 'string' ? req.query.path : '');
      await assertMayReadArtifacts(db, location);
      const files = await readableEntries(db, location, await store.list(location.path));
      res.json(files.length ? { files } : {});
    }),
  );
  router.put(
    `${PREFIX}/*`,
    answer(async (req, res) => {
      const location = await fromPath(req);
      await assertMayUploadArtifact(db, actorOf(req), location);
      await assertNotFrozen(db, location);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > store.maxBytes) throw tooLarge(store.maxBytes);
      const upload = await store.receive(location.path, req);
      try {
        if (location.kind === 'run' && location.file !== null) {
          // The file it replaces stays reachable by the digest its record (then in the audit trail) had;
          // kept first, so a store that fails here leaves the graph as it was.
          await store.keepEarlier(location.path);
          await artifacts.record(actorOf(req), {
            runId: location.runId,
            path: location.file,
            uri: `mlflow-artifacts:/${location.path}`,
            digest: upload.digest,
            sizeBytes: upload.sizeBytes,
          });
        }
        await upload.commit();
      } catch (error) {
        await upload.discard();
        throw error;
      }
      res.json({});
    }),
  );
  router.get(
    `${PREFIX}/*`,
    answer(async (req, res) => {
      const location = await fromPath(req);
      await assertMayReadArtifacts(db, location);
      const file = await stored(location, typeof req.query.digest === 'string' ? req.query.digest : null);
      res.type('application/octet-stream');
      // A store failing mid-file ends the connection (answer): the client never takes a cut file as whole.
      await pipeline(file, res);
    }),
  );
  router.delete(
    `${PREFIX}/*`,
    answer(async (req, res) => {
      const location = await fromPath(req);
      await assertMayDeleteArtifact(db, location);
      await assertNotFrozen(db, location);
      await store.remove(location.path);
      res.json({});
    }),
  );
  return router;
}
