#!/usr/bin/env node
/**
 * The Mnemo CLI, for people and for CI/CD.
 *
 *   mnemo impact <id> [--format md|csv|json] [--scope VERSION|ALL_VERSIONS] [--max-depth N]
 *                     [--as-of DATE] [--fail-on-prod] [--url http://127.0.0.1:4000]
 *   mnemo audit export [...]   (see audit-export-command.ts)
 *   mnemo gate check <modelVersion> --to production [...]   (see gate-command.ts)
 *   mnemo token create --name NAME [--user ID] | token revoke ID   (see token-command.ts)
 *   mnemo migration check <id> | migration plan --target ID --kind KIND [...]   (see migration-command.ts)
 *
 * Every command talks to MNEMO_URL (or --url) and sends MNEMO_TOKEN as `Authorization: Bearer`.
 * Exit codes: 0 done; 1 a production deployment is at risk and --fail-on-prod was given (or, for
 * `migration check`, still waits on an owner's acknowledgement);
 * 2 an error (bad arguments, unknown id, server unreachable, token refused or forbidden), with the
 * reason on stderr.
 */
import { EXPORT_FORMATS, type ExportedImpact, type ExportFormat, renderImpact } from '../lineage/impact-export';
import { AUDIT_USAGE, runAuditCommand } from './audit-export-command';
import { GATE_USAGE, runGateCommand } from './gate-command';
import { MIGRATION_USAGE, runMigrationCommand } from './migration-command';
import { describeServerError, reach, serverError, serverUrl, Unreachable } from './server';
import { runTokenCommand, TOKEN_USAGE } from './token-command';

export const EXIT = { ok: 0, gateFailed: 1, error: 2 } as const;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE =
  'usage: mnemo impact <id> [--format md|csv|json] [--scope VERSION|ALL_VERSIONS] [--max-depth N] ' +
  '[--as-of DATE] [--fail-on-prod] [--url URL]';

class UsageError extends Error {}

function parseImpactArgs(args: string[]) {
  const options = {
    format: 'md' as ExportFormat,
    scope: undefined as string | undefined,
    maxDepth: undefined as string | undefined,
    /** The graph as it stood then (ISO 8601 date or date-time); the server checks it. */
    asOf: null as string | null,
    failOnProd: false,
    url: serverUrl(),
    id: '',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') options.format = value() as ExportFormat;
    else if (arg === '--scope') options.scope = value();
    else if (arg === '--max-depth') options.maxDepth = value();
    else if (arg === '--as-of') options.asOf = value();
    else if (arg === '--url') options.url = value();
    else if (arg === '--fail-on-prod') options.failOnProd = true;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (!options.id) options.id = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (!options.id) throw new UsageError('the id of a dataset, feature set or version is required');
  if (!EXPORT_FORMATS.includes(options.format))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  return options;
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'audit') return runAuditCommand(args, { ...io, errIsTty: process.stderr.isTTY });
  if (command === 'gate') return runGateCommand(args, io);
  if (command === 'token') return runTokenCommand(args, io);
  if (command === 'migration') return runMigrationCommand(args, io);
  if (command !== 'impact') {
    io.err(
      `${command ? `unknown command "${command}"\n` : ''}${USAGE}\n${AUDIT_USAGE}\n${GATE_USAGE}\n${TOKEN_USAGE}\n${MIGRATION_USAGE}\n`,
    );
    return EXIT.error;
  }
  let options: ReturnType<typeof parseImpactArgs>;
  try {
    options = parseImpactArgs(args);
  } catch (error) {
    io.err(`mnemo: ${(error as Error).message}\n${USAGE}\n`);
    return EXIT.error;
  }
  const query = new URLSearchParams({ format: 'json' });
  if (options.scope) query.set('scope', options.scope);
  if (options.maxDepth) query.set('maxDepth', options.maxDepth);
  if (options.asOf) query.set('asOf', options.asOf);
  const url = `${options.url.replace(/\/$/, '')}/api/impact/${encodeURIComponent(options.id)}?${query}`;
  io.err(`mnemo: analysing what depends on ${options.id} ...\n`);
  let response: Response;
  try {
    response = await reach(url, options.url);
  } catch (error) {
    if (!(error instanceof Unreachable)) throw error;
    io.err(`mnemo: ${error.message}\n`);
    return EXIT.error;
  }
  const body = (await response.json().catch(() => null)) as
    (ExportedImpact & { error?: { code: string; message: string } }) | null;
  if (!response.ok || !body || body.error) {
    io.err(`mnemo: ${describeServerError(response.status, serverError(response, body))}\n`);
    return EXIT.error;
  }
  io.out(renderImpact(body, options.format, options.asOf));
  const atRisk = body.productionDeploymentsAtRisk.length;
  if (atRisk > 0 && options.failOnProd) {
    io.err(`mnemo: ${atRisk} production deployment(s) at risk; failing because of --fail-on-prod\n`);
    return EXIT.gateFailed;
  }
  return EXIT.ok;
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
