import type express from 'express';
import { MlflowError, toMlflowError } from './mlflow/mlflow-errors';

/**
 * The last error handler: what reaches it failed before any route could answer (a body that is not
 * JSON, a body over its limit, a path with malformed %-encoding). Each is answered in the shape of
 * the protocol the path belongs to, never Express's HTML page with a stack trace and server paths.
 */
export const protocolErrors: express.ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = clientStatus(error);
  const message = status === 500 ? 'Internal error; the server log has the details.' : describe(error, status);
  if (status === 500) console.error(`Unexpected error answering ${req.method} ${req.path}:`, error);
  if (/^\/(?:api|ajax-api)\/2\.0\/mlflow(?:-artifacts)?\//.test(req.path)) {
    const answer =
      status === 500 ? toMlflowError(error) : toMlflowError(new MlflowError('INVALID_PARAMETER_VALUE', message));
    res.status(answer.status).json(answer.body);
  } else if (req.path.startsWith('/api/v1/lineage')) {
    res.status(status).json({ error: 'Invalid OpenLineage event', details: [message] });
  } else if (req.path.startsWith('/graphql')) {
    res
      .status(status)
      .json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  } else {
    res.status(status).json({ error: { code: status === 500 ? 'INTERNAL_ERROR' : 'BAD_USER_INPUT', message } });
  }
};

/** The status Express's own parsers give a client's mistake (400, 413, 415), else 500. */
function clientStatus(error: unknown): number {
  const status =
    (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  if (error instanceof URIError) return 400;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function describe(error: unknown, status: number): string {
  if (error instanceof URIError) return 'The path is not valid %-encoding.';
  if (status === 413) return 'The request body is larger than this endpoint accepts.';
  if ((error as { type?: string })?.type === 'entity.parse.failed') return 'The request body is not valid JSON.';
  if ((error as { type?: string })?.type === 'encoding.unsupported')
    return 'The request body’s charset is not supported.';
  return error instanceof Error ? error.message : 'The request is malformed.';
}
