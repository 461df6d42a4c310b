/**
 * `mnemo gate check`: the promotion gates of a model version, for CI/CD, asked of the server's GraphQL API.
 *
 *   mnemo gate check <modelVersion> --to production|staging|dev [--policy FILE] [--format md|json]
 *                    [--url http://127.0.0.1:4000]
 *
 * Exit codes: 0 every gate passed; 1 a gate failed (the report says which and why); 2 an error
 * (bad arguments, unknown id, bad or unreadable policy file, server unreachable, token refused), with the
 * reason on stderr. Sends MNEMO_TOKEN as `Authorization: Bearer`.
 */
import { readFileSync } from 'node:fs';
import {
  CHECK_PROMOTION_QUERY,
  GATE_REPORT_FORMATS,
  type GateReportFormat,
  renderGateReport,
} from '../governance/promotion/gate-report';
import type { GateReport } from '../governance/promotion/gates';
import { describeServerError, type GraphQLAnswer, postGraphQL, serverError, serverUrl, Unreachable } from './server';

export const GATE_USAGE =
  'usage: mnemo gate check <modelVersion> --to production|staging|dev [--policy FILE] [--format md|json] [--url URL]';

const EXIT = { ok: 0, gateFailed: 1, error: 2 } as const;

export interface GateIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The names --to takes: people's words and the API's. */
const ENVIRONMENT_NAMES: Record<string, string> = {
  production: 'PROD',
  prod: 'PROD',
  staging: 'STAGING',
  dev: 'DEV',
  development: 'DEV',
};

class UsageError extends Error {}

function parse(args: string[]) {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'check') throw new UsageError(`unknown gate command "${subcommand ?? ''}"`);
  const options = {
    format: 'md' as GateReportFormat,
    environment: '',
    policyFile: undefined as string | undefined,
    url: serverUrl(),
    id: '',
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') options.format = value() as GateReportFormat;
    else if (arg === '--to') {
      const name = value();
      options.environment = ENVIRONMENT_NAMES[name.toLowerCase()] ?? '';
      if (!options.environment) throw new UsageError(`--to must be production, staging or dev; got "${name}"`);
    } else if (arg === '--policy') options.policyFile = value();
    else if (arg === '--url') options.url = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (!options.id) options.id = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (!options.id) throw new UsageError('the id of a model version is required');
  if (!options.environment) throw new UsageError('--to production|staging|dev is required');
  if (!GATE_REPORT_FORMATS.includes(options.format)) {
    throw new UsageError(`--format must be one of ${GATE_REPORT_FORMATS.join(', ')}`);
  }
  return options;
}

export async function runGateCommand(args: string[], io: GateIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(args);
  } catch (error) {
    io.err(`mnemo: ${(error as Error).message}\n${GATE_USAGE}\n`);
    return EXIT.error;
  }
  let policy: string | null = null;
  if (options.policyFile) {
    try {
      policy = readFileSync(options.policyFile, 'utf8');
    } catch (error) {
      io.err(`mnemo: cannot read the policy file ${options.policyFile}: ${(error as Error).message}\n`);
      return EXIT.error;
    }
  }
  io.err(
    `mnemo: checking the ${options.environment} promotion gates of ${options.id}` +
      `${options.policyFile ? ` against ${options.policyFile}` : ''} ...\n`,
  );
  let answer: GraphQLAnswer<{ checkPromotion: GateReport }>;
  try {
    answer = await postGraphQL(options.url, CHECK_PROMOTION_QUERY, {
      id: options.id,
      environment: options.environment,
      policy,
    });
  } catch (error) {
    if (!(error instanceof Unreachable)) throw error;
    io.err(`mnemo: ${error.message}\n`);
    return EXIT.error;
  }
  const report = answer.data?.checkPromotion;
  if (!report) {
    const error = answer.error ?? serverError(answer.response, null);
    const where = options.policyFile && error.code === 'BAD_USER_INPUT' ? ` (policy file ${options.policyFile})` : '';
    io.err(`mnemo: ${describeServerError(answer.response.status, error)}${where}\n`);
    return EXIT.error;
  }
  io.out(renderGateReport(report, options.format));
  if (!report.passed) {
    const failed = report.gates.filter((gate) => !gate.passed).length;
    io.err(`mnemo: ${failed} gate(s) failed; promoting ${options.id} to ${options.environment} would be refused\n`);
    return EXIT.gateFailed;
  }
  io.err(`mnemo: all gates passed\n`);
  return EXIT.ok;
}
