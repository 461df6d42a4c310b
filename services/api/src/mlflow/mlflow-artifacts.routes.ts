import express from 'express';
import type { ArtifactService } from '../artifacts/artifacts.service';
import type { ArtifactStore } from './artifact-store';
import { assertMayReadProject } from '../access/read-access';
import { assertMayWrite } from '../access/roles';
import type { GraphDatabase } from '../platform/neo4j';
import { toMlflowError } from './mlflow-errors';
import { projectIdOfMlflowId } from './mlflow-ids';
import { actorOf } from './mlflow.routes';

/** `<experiment>/<run id>/artifacts/<file>`: a run's own artifact, which becomes an Artifact node. */
const RUN_ARTIFACT = /^[^/]+\/([0-9a-f]{32}|[A-Za-z0-9_-]{6,64})\/artifacts\/(.+)$/;
const PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

/** The project of a path in the store: its first folder is an MLflow experiment id (`churn~xgb-…/…`, or MLflow's own). */
const projectOfPath = (relative: string) => projectIdOfMlflowId(relative.split('/')[0] ?? '');

/** A file of the artifact store outside a run's folder: written with the rule for artifacts, in its experiment's project. */
const artifactFile = (relative: string) => ({
  action: 'artifact.recorded',
  entityId: `mlflow-artifacts:/${relative}`,
  entityKind: 'ArtifactFile',
  projectId: projectOfPath(relative),
});

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`): uploads, downloads and listings under
 * a local root. A file uploaded into a run's folder is recorded as an Artifact GENERATED_BY the run,
 * in the same request; if the graph refuses it, the file is not kept.
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
        if (!res.headersSent) res.status(status).json(body);
        else res.destroy();
      }
    };
  const artifactPath = (req: express.Request) => decodeURIComponent(req.path.slice(PREFIX.length + 1));

  router.get(
    PREFIX,
    answer(async (req, res) => {
      const folder = typeof req.query.path === 'string' ? req.query.path : '';
      await assertMayReadProject(db, projectOfPath(folder)); // listing and downloading need VIEWER on the experiment's project
      const files = await store.list(folder);
      res.json(files.length ? { files } : {});
    }),
  );
  router.put(
    `${PREFIX}/*`,
    answer(async (req, res) => {
      const relative = artifactPath(req);
      const match = RUN_ARTIFACT.exec(relative);
      if (!match) assertMayWrite(artifactFile(relative)); // a run's file is checked when it is recorded
      const upload = await store.receive(relative, req);
      try {
        if (match) {
          await artifacts.record(actorOf(req), {
            runId: `run:${match[1]}`,
            path: match[2],
            uri: `mlflow-artifacts:/${relative}`,
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
      await assertMayReadProject(db, projectOfPath(artifactPath(req)));
      const file = await store.open(artifactPath(req));
      res.type('application/octet-stream');
      file.pipe(res);
    }),
  );
  router.delete(
    `${PREFIX}/*`,
    answer(async (req, res) => {
      assertMayWrite(artifactFile(artifactPath(req)));
      await store.remove(artifactPath(req));
      res.json({});
    }),
  );
  return router;
}
