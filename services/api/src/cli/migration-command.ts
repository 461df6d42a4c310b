/**
 * `mnemo migration`: planned migrations from CI and scripts, asked of the server's GraphQL API.
 *
 *   mnemo migration check <id> [--url URL]
 *   mnemo migration plan --target ID --kind DROP|RETYPE_COLUMNS|REPLACE|DEPRECATE [--columns a,b]
 *                        --effective-at 2027-01-15T00:00:00Z [--note TEXT] [--url URL]
 *
 * check exits 0 when no production deployment downstream waits on an owner, 1 while one does
 * (stderr says who, in words), 2 on an error. plan prints the new migration's id. Sends
 * MNEMO_TOKEN as `Authorization: Bearer`.
 */
import { describeServerError, type GraphQLAnswer, postGraphQL, serverError, serverUrl, Unreachable } from './server';

export const MIGRATION_USAGE =
  'usage: mnemo migration check <id> [--url URL]\n' +
  '       mnemo migration plan --target ID --kind DROP|RETYPE_COLUMNS|REPLACE|DEPRECATE [--columns a,b] ' +
  '--effective-at ISO-DATE [--note TEXT] [--url URL]';

const EXIT = { ok: 0, atRisk: 1, error: 2 } as const;

export interface MigrationIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const CHECK_QUERY = `query($id: ID!) { migration(id: $id) {
  id name effectiveAt
  acknowledgements { ownerId state comment }
  status { atRisk summary productionDeploymentsAtRisk { deployment { id name } reason } }
} }`;

const PLAN_QUERY = `mutation($target: ID!, $kind: MigrationKind!, $columns: [String!], $effectiveAt: DateTime!, $note: String) {
  planMigration(target: $target, kind: $kind, columns: $columns, effectiveAt: $effectiveAt, note: $note) { id name }
}`;

interface CheckedMigration {
  id: string;
  name: string;
  effectiveAt: string;
  acknowledgements: { ownerId: string; state: string; comment: string | null }[];
  status: {
    atRisk: boolean;
    summary: string;
    productionDeploymentsAtRisk: { deployment: { id: string; name: string }; reason: string }[];
  };
}

class UsageError extends Error {}

/** `--name value` options and the arguments between them. */
function parse(args: string[], names: string[]): { options: Map<string, string>; positional: string[] } {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (!names.includes(name)) throw new UsageError(`unknown option ${arg}`);
    const value = args[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    options.set(name, value);
  }
  return { options, positional };
}

export async function runMigrationCommand(args: string[], io: MigrationIo): Promise<number> {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === 'check') return await check(rest, io);
    if (subcommand === 'plan') return await plan(rest, io);
    throw new UsageError(`unknown migration command "${subcommand ?? ''}"`);
  } catch (error) {
    if (error instanceof UsageError) io.err(`mnemo: ${error.message}\n${MIGRATION_USAGE}\n`);
    else if (error instanceof Unreachable) io.err(`mnemo: ${error.message}\n`);
    else throw error;
    return EXIT.error;
  }
}

async function check(args: string[], io: MigrationIo): Promise<number> {
  const { options, positional } = parse(args, ['url']);
  if (positional.length !== 1) throw new UsageError('the id of one planned migration is required');
  const [id] = positional;
  const answer = await postGraphQL<{ migration: CheckedMigration }>(options.get('url') ?? serverUrl(), CHECK_QUERY, {
    id,
  });
  const migration = answered(answer, io);
  if (!migration) return EXIT.error;
  io.out(report(migration.migration));
  const atRisk = migration.migration.status.productionDeploymentsAtRisk.length;
  if (atRisk > 0) {
    io.err(`mnemo: ${atRisk} production deployment(s) still wait on an owner's acknowledgement\n`);
    return EXIT.atRisk;
  }
  io.err('mnemo: every production deployment downstream has been acknowledged\n');
  return EXIT.ok;
}

async function plan(args: string[], io: MigrationIo): Promise<number> {
  const { options, positional } = parse(args, ['target', 'kind', 'columns', 'effective-at', 'note', 'url']);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  for (const required of ['target', 'kind', 'effective-at']) {
    if (!options.has(required)) throw new UsageError(`--${required} is required`);
  }
  const columns = options
    .get('columns')
    ?.split(',')
    .map((column) => column.trim())
    .filter(Boolean);
  const answer = await postGraphQL<{ planMigration: { id: string; name: string } }>(
    options.get('url') ?? serverUrl(),
    PLAN_QUERY,
    {
      target: options.get('target'),
      kind: options.get('kind')!.toUpperCase(),
      columns: columns ?? null,
      effectiveAt: options.get('effective-at'),
      note: options.get('note') ?? null,
    },
  );
  const planned = answered(answer, io);
  if (!planned) return EXIT.error;
  io.out(`${planned.planMigration.id}\n`);
  io.err(`mnemo: planned ${planned.planMigration.name}\n`);
  return EXIT.ok;
}

/** The answer's data, or null after saying what went wrong. */
function answered<T>(answer: GraphQLAnswer<T>, io: MigrationIo): T | null {
  if (answer.data && !answer.error) return answer.data;
  io.err(`mnemo: ${describeServerError(answer.response.status, answer.error ?? serverError(answer.response, null))}\n`);
  return null;
}

const STATE_WORDS: Record<string, string> = {
  PENDING: 'has not answered yet',
  ACKNOWLEDGED: 'acknowledged',
  READY: 'is ready',
  OBJECTED: 'objected',
};

/** The migration in words: who answered what, and what is still at risk. */
function report(migration: CheckedMigration): string {
  const lines = [
    `${migration.name} (${migration.id}), effective ${migration.effectiveAt}`,
    migration.status.summary,
    '',
  ];
  lines.push('Owners:');
  for (const ack of migration.acknowledgements) {
    lines.push(`  ${ack.ownerId} ${STATE_WORDS[ack.state] ?? ack.state}${ack.comment ? `: "${ack.comment}"` : ''}`);
  }
  if (migration.acknowledgements.length === 0) lines.push('  none to ask');
  const atRisk = migration.status.productionDeploymentsAtRisk;
  lines.push('', atRisk.length ? 'Production deployments at risk:' : 'No production deployment at risk.');
  for (const { deployment, reason } of atRisk) lines.push(`  ${deployment.name} (${deployment.id}): ${reason}`);
  return `${lines.join('\n')}\n`;
}
