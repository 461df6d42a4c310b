import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { setPrincipal } from '../platform/request-context';
import type { AccessService } from './access.service';
import { anonymous, type AuthMode, type Principal } from './principal';

/** Paths anyone may read: they name no data. */
const OPEN_TO_ANONYMOUS = new Set(['/api/3.0/mlflow/server-info', '/ajax-api/3.0/mlflow/server-info']);
/** Until authentication is on, callers name themselves for the audit trail with this header. */
export const ACTOR_HEADER = 'x-mnemo-actor';

const MLFLOW_PATHS = /^\/(?:api\/2\.0\/mlflow|ajax-api\/2\.0\/mlflow|api\/2\.0\/mlflow-artifacts)(?:\/|$)/;

/**
 * Resolves every request's caller once, before any router: in `on` mode from its
 * `Authorization: Bearer <secret>` (one query; no header is an anonymous caller, who may ask
 * GraphQL's whoami and /health and nothing else), in `off` mode from `x-mnemo-actor` as before. An unknown or revoked token is answered 401
 * in the shape of the protocol asked. `/health` is always open.
 */
export function authenticate(
  access: AccessService,
  mode: AuthMode,
  /**
   * Whether a request is one command (platform/command.ts): its caller may then come from memory,
   * since a command confirms it against the database before it authorises, reads or answers.
   */
  isCommand: (req: Request) => boolean = () => false,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (mode === 'off') {
      setPrincipal(anonymous('off', String(req.headers[ACTOR_HEADER] ?? 'anonymous').slice(0, 200)));
      next();
      return;
    }
    const header = req.get('authorization');
    if (!header || req.path === '/health') {
      setPrincipal(anonymous('on'));
      // Anonymous callers read nothing but /health, what the MLflow server says it can do (MLflow's
      // clients ask before they sign in) and GraphQL's whoami (see anonymous-reads.ts).
      if (req.path === '/health' || OPEN_TO_ANONYMOUS.has(req.path) || isGraphql(req)) next();
      else
        unauthenticated(
          req,
          res,
          'Send a token (Authorization: Bearer <secret>): anonymous callers may not use this route.',
        );
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      unauthenticated(req, res, 'The Authorization header must be "Bearer <token secret>".');
      return;
    }
    access
      .principalForSecret(match[1], { remembered: isCommand(req) })
      .then((principal: Principal | null) => {
        if (!principal) {
          unauthenticated(req, res, 'Unknown or revoked API token.');
          return;
        }
        setPrincipal(principal);
        next();
      })
      .catch(next);
  };
}

const isGraphql = (req: Request) => req.path === '/graphql' || req.path.startsWith('/graphql/');

/** 401 in the shape of the protocol the request speaks. */
export function unauthenticated(req: Request, res: Response, message: string): void {
  const code = 'UNAUTHENTICATED';
  res.setHeader('www-authenticate', 'Bearer realm="mnemo"');
  if (isGraphql(req)) {
    res.status(401).json({ errors: [{ message, extensions: { code } }] });
  } else if (MLFLOW_PATHS.test(req.path)) {
    res.status(401).json({ error_code: code, message });
  } else if (req.path.startsWith('/api/v1/lineage')) {
    res.status(401).json({ error: message, code });
  } else {
    res.status(401).json({ error: { code, message } });
  }
}
