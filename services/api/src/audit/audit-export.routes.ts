import express from 'express';
import { MnemoError } from '../platform/errors';
import type { AuditService } from './audit.service';

const EXPORT_STATUS: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHENTICATED: 401 };

const FILTERS = ['entityId', 'actor', 'projectId', 'since', 'until'] as const;

/**
 * GET /api/audit/export?entityId=&actor=&projectId=&since=&until= — the same selection as the
 * `auditTrail` query, every page of it, as JSON lines (one event per line, newest first), streamed.
 * Bad input answers { "error": { "code", "message" } } with 400 before anything is streamed.
 */
export function auditExportRouter(audit: AuditService) {
  const router = express.Router();
  router.get('/api/audit/export', async (req, res) => {
    const filter: Record<string, string | null> = {};
    for (const name of FILTERS) {
      const value = req.query[name];
      if (Array.isArray(value) || (value !== undefined && typeof value !== 'string')) {
        res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: `${name} may be given once, as text.` } });
        return;
      }
      filter[name] = value || null;
    }
    const events = audit.export(filter);
    let first: IteratorResult<unknown>;
    try {
      first = await events.next(); // validates the filter before a status line is sent
    } catch (error) {
      if (!(error instanceof MnemoError)) throw error;
      res.status(EXPORT_STATUS[error.code] ?? 400).json({ error: { code: error.code, message: error.message } });
      return;
    }
    res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="mnemo-audit.jsonl"');
    try {
      for (let next = first; !next.done; next = await events.next()) {
        if (!res.write(`${JSON.stringify(next.value)}\n`)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    } catch (error) {
      // Headers are gone: cut the stream so the client sees an incomplete export, not a short one.
      console.error('Audit export failed mid-stream:', error);
      res.destroy(error as Error);
    }
  });
  return router;
}
