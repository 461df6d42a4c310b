import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { describeServerError, reach, serverError, serverUrl, Unreachable } from './server';

/**
 *   mnemo audit export [--entity ID] [--actor ACTOR] [--project ID] [--since ISO] [--until ISO]
 *                      [--out FILE] [--url URL]
 *
 * Streams the audit trail's selection as JSON lines (newest first) to FILE or stdout, with a running
 * count on stderr. Exit codes: 0 done; 2 an error (bad arguments, bad filter, server unreachable,
 * token refused, export cut short), with the reason on stderr. Sends MNEMO_TOKEN as `Authorization: Bearer`.
 */
export const AUDIT_USAGE =
  'usage: mnemo audit export [--entity ID] [--actor ACTOR] [--project ID] [--since ISO] [--until ISO] ' +
  '[--out FILE] [--url URL]';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress redraws one line) or a log (a line now and then). */
  errIsTty?: boolean;
}

const FILTER_OPTIONS: Record<string, string> = {
  '--entity': 'entityId',
  '--actor': 'actor',
  '--project': 'projectId',
  '--since': 'since',
  '--until': 'until',
};

class UsageError extends Error {}

function parse(args: string[]) {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'export') throw new UsageError(`unknown audit command "${subcommand ?? ''}"`);
  const filter = new URLSearchParams();
  let out: string | null = null;
  let url = serverUrl();
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i];
    const value = rest[i + 1];
    if (!option.startsWith('--')) throw new UsageError(`unexpected argument ${option}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${option} needs a value`);
    i++;
    if (FILTER_OPTIONS[option]) filter.set(FILTER_OPTIONS[option], value);
    else if (option === '--out') out = value;
    else if (option === '--url') url = value;
    else throw new UsageError(`unknown option ${option}`);
  }
  return { filter, out, url: url.replace(/\/$/, '') };
}

/** Counts lines as they stream, reporting every so often so a long export visibly moves. */
function progress(io: CliIo) {
  let events = 0;
  let shownAt = 0;
  const show = (final: boolean) => {
    const text = `mnemo: exported ${events.toLocaleString('en')} audit events${final ? '' : ' …'}`;
    if (io.errIsTty) io.err(`\r${text}${final ? '\n' : ''}`);
    else if (final || events - shownAt >= 10_000) io.err(`${text}\n`);
    shownAt = events;
  };
  return {
    add(count: number) {
      events += count;
      if (events - shownAt >= (io.errIsTty ? 500 : 10_000)) show(false);
    },
    done: () => show(true),
  };
}

export async function runAuditCommand(args: string[], io: CliIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(args);
  } catch (error) {
    io.err(`mnemo: ${(error as Error).message}\n${AUDIT_USAGE}\n`);
    return 2;
  }
  let response: Response;
  try {
    response = await reach(`${options.url}/api/audit/export?${options.filter}`, options.url);
  } catch (error) {
    if (!(error instanceof Unreachable)) throw error;
    io.err(`mnemo: ${error.message}\n`);
    return 2;
  }
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => null);
    io.err(`mnemo: ${describeServerError(response.status, serverError(response, body))}\n`);
    return 2;
  }
  const file: WriteStream | null = options.out ? createWriteStream(options.out) : null;
  const write = async (text: string) => {
    if (!file) return io.out(text);
    if (!file.write(text)) await once(file, 'drain');
  };
  const counter = progress(io);
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body) {
      const text = decoder.decode(chunk as Uint8Array, { stream: true });
      counter.add(text.split('\n').length - 1);
      await write(text);
    }
  } catch (error) {
    io.err(`\nmnemo: the export was cut short (${(error as Error).message}); what was written is incomplete\n`);
    return 2;
  } finally {
    file?.end();
    if (file) await once(file, 'close');
  }
  counter.done();
  return 0;
}
