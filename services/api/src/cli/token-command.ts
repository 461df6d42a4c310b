/**
 * `mnemo token`: API tokens, through the server's GraphQL API, as the caller MNEMO_TOKEN names.
 *
 *   mnemo token create --name NAME [--user ID] [--format text|json] [--url URL]
 *   mnemo token revoke ID [--format text|json] [--url URL]
 *   mnemo token list [--user ID] [--format text|json] [--url URL]
 *
 * `create` prints the secret once (alone on stdout in text, so `export MNEMO_TOKEN=$(mnemo token
 * create --name ci)` works; the server keeps only its hash). A token for another user (--user) needs
 * org ADMIN. Exit codes: 0 done; 2 an error (bad arguments, unknown id, server unreachable, token
 * refused or forbidden), with the reason on stderr.
 */
import type { ApiTokenRecord } from '../access/access.service';
import { describeServerError, postGraphQL, serverUrl, Unreachable } from './server';

export const TOKEN_USAGE =
  'usage: mnemo token create --name NAME [--user ID] [--format text|json] [--url URL]\n' +
  '       mnemo token revoke ID [--format text|json] [--url URL]\n' +
  '       mnemo token list [--user ID] [--format text|json] [--url URL]';

const EXIT = { ok: 0, error: 2 } as const;
const FORMATS = ['text', 'json'] as const;
type TokenFormat = (typeof FORMATS)[number];

export interface TokenIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

type ApiToken = ApiTokenRecord;

const TOKEN_FIELDS = 'id name userId createdAt revokedAt lastUsedAt';

export const CREATE_API_TOKEN = `mutation CreateApiToken($name: String!, $userId: ID) {
  createApiToken(input: { name: $name, userId: $userId }) { secret token { ${TOKEN_FIELDS} } }
}`;
export const REVOKE_API_TOKEN = `mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`;
export const API_TOKENS = `query ApiTokens($userId: ID) { apiTokens(userId: $userId) { ${TOKEN_FIELDS} } }`;

class UsageError extends Error {}

function parse(args: string[]) {
  const [subcommand, ...rest] = args;
  if (!['create', 'revoke', 'list'].includes(subcommand ?? '')) {
    throw new UsageError(`unknown token command "${subcommand ?? ''}"`);
  }
  const options = {
    subcommand: subcommand as 'create' | 'revoke' | 'list',
    name: '',
    userId: undefined as string | undefined,
    format: 'text' as TokenFormat,
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
    if (arg === '--name' && subcommand === 'create') options.name = value();
    else if (arg === '--user' && subcommand !== 'revoke') options.userId = value();
    else if (arg === '--format') options.format = value() as TokenFormat;
    else if (arg === '--url') options.url = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (subcommand === 'revoke' && !options.id) options.id = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (subcommand === 'create' && !options.name.trim()) throw new UsageError('--name is required');
  if (subcommand === 'revoke' && !options.id) throw new UsageError('the id of the token to revoke is required');
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  return options;
}

function describe(token: ApiToken): string {
  return `${token.id} "${token.name}" of ${token.userId}`;
}

function renderList(tokens: ApiToken[]): string {
  if (tokens.length === 0) return 'no tokens\n';
  const rows = [['id', 'name', 'user', 'created', 'last used', 'revoked']].concat(
    tokens.map((t) => [t.id, t.name, t.userId, t.createdAt, t.lastUsedAt ?? '-', t.revokedAt ?? '-']),
  );
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export async function runTokenCommand(args: string[], io: TokenIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(args);
  } catch (error) {
    io.err(`mnemo: ${(error as Error).message}\n${TOKEN_USAGE}\n`);
    return EXIT.error;
  }
  const json = (value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);
  try {
    if (options.subcommand === 'create') {
      const answer = await postGraphQL<{ createApiToken: { secret: string; token: ApiToken } }>(
        options.url,
        CREATE_API_TOKEN,
        { name: options.name, userId: options.userId ?? null },
      );
      const created = answer.data?.createApiToken;
      if (!created || answer.error) return refused(io, answer.response.status, answer.error);
      if (options.format === 'json') json({ ...created.token, secret: created.secret });
      else io.out(`${created.secret}\n`);
      io.err(
        `mnemo: created token ${describe(created.token)}\n` +
          'mnemo: this is the only time the secret is shown; it will not be shown again (Mnemo keeps only its hash). ' +
          'Store it now, e.g. as MNEMO_TOKEN.\n',
      );
      return EXIT.ok;
    }
    if (options.subcommand === 'revoke') {
      const answer = await postGraphQL<{ revokeApiToken: ApiToken }>(options.url, REVOKE_API_TOKEN, {
        id: options.id,
      });
      const revoked = answer.data?.revokeApiToken;
      if (!revoked || answer.error) return refused(io, answer.response.status, answer.error);
      if (options.format === 'json') json(revoked);
      else io.out(`revoked ${describe(revoked)} at ${revoked.revokedAt ?? 'now'}\n`);
      return EXIT.ok;
    }
    const answer = await postGraphQL<{ apiTokens: ApiToken[] }>(options.url, API_TOKENS, {
      userId: options.userId ?? null,
    });
    const tokens = answer.data?.apiTokens;
    if (!tokens || answer.error) return refused(io, answer.response.status, answer.error);
    if (options.format === 'json') json(tokens);
    else io.out(renderList(tokens));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof Unreachable)) throw error;
    io.err(`mnemo: ${error.message}\n`);
    return EXIT.error;
  }
}

function refused(io: TokenIo, status: number, error: { code: string; message: string } | null): number {
  io.err(`mnemo: ${describeServerError(status, error ?? { code: String(status), message: 'no answer' })}\n`);
  return EXIT.error;
}
