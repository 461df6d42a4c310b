import type { ApolloServer } from '@apollo/server';
import express from 'express';
import type { MnemoContext } from '../context';
import {
  COLUMN_IMPACT_EXPORT_QUERY,
  columnImpactAsReport,
  CONTENT_TYPES,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportedImpact,
  IMPACT_EXPORT_QUERY,
  renderImpact,
} from './impact-export';

const HTTP_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
};

/**
 * GET /api/impact/<id>?format=json|csv|md&scope=VERSION|ALL_VERSIONS&maxDepth=N&asOf=<ISO 8601 date or date-time>
 * The id may be URL-encoded or raw (it contains ':', '/' and '@'); a column's id, `<version id>#<column>`
 * (the `#` sent as %23), exports the column impact the same way (today's only: asOf is refused for it). Errors answer
 * { "error": { "code", "message" } } with 400, 401, 403 (the caller may not read the target), 404 or 500.
 */
export function impactExportRouter(
  apollo: ApolloServer<MnemoContext>,
  contextFor: (req: express.Request) => MnemoContext,
) {
  const router = express.Router();
  router.get(/^\/api\/impact\/(.+)$/, async (req, res) => {
    const target = decodeURIComponent((req.params as unknown as string[])[0]);
    const format = String(req.query.format ?? 'json') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) {
      res
        .status(400)
        .json({ error: { code: 'BAD_USER_INPUT', message: `format must be one of ${EXPORT_FORMATS.join(', ')}.` } });
      return;
    }
    const maxDepth = req.query.maxDepth === undefined ? undefined : Number(req.query.maxDepth);
    const asOf = typeof req.query.asOf === 'string' && req.query.asOf !== '' ? req.query.asOf : null;
    const column = target.lastIndexOf('#');
    if (column > 0 && asOf) {
      res.status(400).json({
        error: { code: 'BAD_USER_INPUT', message: 'asOf is answered for a dataset or version, not for a column.' },
      });
      return;
    }
    const response = await apollo.executeOperation(
      column > 0
        ? {
            query: COLUMN_IMPACT_EXPORT_QUERY,
            variables: { versionId: target.slice(0, column), column: target.slice(column + 1), maxDepth },
          }
        : { query: IMPACT_EXPORT_QUERY, variables: { target, scope: req.query.scope, maxDepth, asOf } },
      { contextValue: contextFor(req) },
    );
    const result = response.body.kind === 'single' ? response.body.singleResult : null;
    const error = result?.errors?.[0];
    if (!result?.data || error) {
      const code = String(error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      res.status(HTTP_STATUS[code] ?? 500).json({ error: { code, message: error?.message ?? 'No answer.' } });
      return;
    }
    const report =
      column > 0
        ? columnImpactAsReport(result.data.columnImpact as Parameters<typeof columnImpactAsReport>[0])
        : (result.data.impact as ExportedImpact);
    const safeName = target.replace(/[^A-Za-z0-9._-]+/g, '_');
    res.setHeader('content-type', CONTENT_TYPES[format]);
    res.setHeader('content-disposition', `inline; filename="impact-${safeName}.${format}"`);
    res.send(renderImpact(report, format, asOf));
  });
  return router;
}
