import express from 'express';
import { isConstraintViolation, MnemoError } from '../platform/errors';
import { currentPrincipal } from '../platform/request-context';
import { InvalidEvent, parseEvent } from './openlineage-event';
import type { OpenLineageService } from './openlineage.service';

/** Who is calling, for the audit trail: the token's user, or (auth off) `openlineage:` and x-mnemo-actor. */
const actorOf = (req: express.Request) => {
  const principal = currentPrincipal();
  if (principal?.mode === 'on') return principal.actor;
  return `openlineage:${String(req.headers['x-mnemo-actor'] ?? 'anonymous').slice(0, 200)}`;
};

/**
 * `POST /api/v1/lineage`, where OpenLineage's HTTP transport sends events (as Marquez serves it).
 * 201 when ingested, 200 when the same event had been ingested before (nothing changed), 400 with
 * every problem listed when the event is malformed (nothing written), 409 when it conflicts with
 * what is stored or with a concurrent write the database refused (a uniqueness constraint).
 */
/** Where OpenLineage's HTTP transport posts events; each is one command. */
export const isOpenLineageEvent = (req: express.Request) => req.method === 'POST' && req.path === '/api/v1/lineage';

export function openLineageRouter(openLineage: OpenLineageService) {
  const router = express.Router();
  router.post('/api/v1/lineage', express.json({ limit: '10mb' }), async (req, res) => {
    try {
      const event = parseEvent(req.body);
      const result = await openLineage.ingest(actorOf(req), event, req.body);
      res.status(result.recorded ? 201 : 200).json({
        status: result.recorded ? 'recorded' : 'already recorded',
        ...(result.tolerated.length ? { tolerated: result.tolerated } : {}),
      });
    } catch (error) {
      if (error instanceof InvalidEvent) {
        res.status(400).json({ error: 'Invalid OpenLineage event', details: error.problems });
      } else if (error instanceof MnemoError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED')) {
        res.status(error.code === 'FORBIDDEN' ? 403 : 401).json({ error: error.message, code: error.code });
      } else if (isConstraintViolation(error)) {
        res.status(409).json({
          error: 'A concurrent write created the same thing first; sending the event again is safe.',
          code: 'CONFLICT',
        });
      } else if (error instanceof MnemoError && error.code !== 'NOT_FOUND') {
        res.status(error.code === 'CONFLICT' || error.code === 'IMMUTABLE_VERSION' ? 409 : 400).json({
          error: error.message,
          code: error.code,
        });
      } else {
        console.error('Unexpected error while ingesting an OpenLineage event:', error);
        res.status(500).json({ error: 'Internal error; the server log has the details.' });
      }
    }
  });
  // A body that is not JSON at all.
  router.use('/api/v1/lineage', ((error, _req, res, next) => {
    if (error instanceof SyntaxError)
      res.status(400).json({ error: 'Invalid OpenLineage event', details: ['the body is not valid JSON'] });
    else next(error);
  }) as express.ErrorRequestHandler);
  return router;
}
