import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CYPHER_DIR } from './cypher';
import type { GraphDatabase } from './neo4j';

/** Splits a migration file into statements: `;` at the end of a line ends one; `//` lines are comments. */
export function statementsOf(text: string): string[] {
  const code = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return code
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

export interface MigrateOptions {
  /**
   * What to write once the schema is in place (the demo organisation). On a database that held
   * nothing, the full-text indexes are created after it and no migration is recorded before then:
   * see `deferred` in migrate.
   */
  load?: () => Promise<void>;
}

/**
 * Applies the migrations in cypher/migrations that are not yet recorded, in file-name order, and
 * records each as (:Migration {name, checksum, appliedAt}). Every statement is idempotent too.
 * Refuses to run when an applied migration's file has changed since: the database would silently
 * differ from what the file says; schema changes go in a new migration.
 */
export async function migrate(
  db: GraphDatabase,
  log: (line: string) => void = () => {},
  options: MigrateOptions = {},
): Promise<string[]> {
  const dir = path.join(CYPHER_DIR, 'migrations');
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.cypher'))
    .sort();
  const applied = new Map(
    (await db.query<{ name: string; checksum: string }>('migrations/applied')).map((row) => [row.name, row.checksum]),
  );
  const texts = new Map(files.map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]));
  const changed = files.filter((file) => applied.has(file) && applied.get(file) !== checksumOf(texts.get(file)!));
  if (changed.length) {
    throw new Error(
      `migration ${changed.join(', ')} changed after it was applied to this database; ` +
        'restore the file and put the change in a new migration',
    );
  }
  const ran: string[] = [];
  // In a database that holds nothing yet, a statement that starts by matching stored data (moving or
  // fixing what older versions wrote) has nothing to match, and its planning is the slowest part of
  // a first start's migrations; it is skipped for as long as only schema statements have run.
  let empty = applied.size === 0 && (await db.runScript(HOLDS_NOTHING))[0]?.empty === true;
  // Meanwhile the files are recorded together once they have run (and indexes awaited once, at the
  // end): each schema change empties Neo4j's query cache, so recording each file in turn planned the
  // record query anew every time, on a cold JVM. Should the start stop half-way, nothing is recorded
  // and the next start runs the same schema statements again, which changes nothing.
  const unrecorded: { name: string; checksum: string }[] = [];
  const record = async () => {
    if (unrecorded.length === 0) return;
    const migrations = unrecorded.splice(0);
    await db.write((tx) => tx.query('migrations/record', { migrations }));
  };
  // With something to load into a database that holds nothing, its full-text indexes are created
  // after the load: built once over what it wrote, instead of kept up to date by each of its
  // hundreds of transactions (about 4 s of a 20-s first start with the demo). Deferred are the
  // statements that create a full-text index and those that drop an index one of them creates, in
  // their order. Nothing is recorded until they have run, so a start stopped during the load runs
  // them on the next start.
  const deferred: string[] = [];
  const deferredIndexes = new Set<string>();
  const defers = (statement: string) => {
    if (!empty || !options.load) return false;
    const created = CREATES_FULLTEXT_INDEX.exec(statement)?.[1];
    if (created) deferredIndexes.add(created);
    return created !== undefined || deferredIndexes.has(DROPS_INDEX.exec(statement)?.[1] ?? '');
  };
  const runDeferred = async () => {
    for (const statement of deferred.splice(0)) await db.runScript(statement);
  };
  for (const file of files) {
    if (applied.has(file)) continue;
    const text = texts.get(file)!;
    for (const statement of statementsOf(text)) {
      if (empty && (MATCHES_STORED_DATA.test(statement) || AWAITS_INDEXES.test(statement))) continue;
      if (defers(statement)) {
        deferred.push(statement);
        continue;
      }
      empty &&= SCHEMA_ONLY.test(statement);
      if (!empty) {
        await runDeferred(); // a statement that writes data runs on the schema as its file says
        await record();
      }
      await db.runScript(statement);
    }
    unrecorded.push({ name: file, checksum: checksumOf(text) });
    if (!empty) await record();
    log(`migration applied: ${file}`);
    ran.push(file);
  }
  const loadFirst = deferred.length > 0;
  if (loadFirst) {
    await options.load!();
    await runDeferred();
  }
  await record();
  await db.runScript('CALL db.awaitIndexes(300)');
  if (!loadFirst) await options.load?.();
  return ran;
}

const HOLDS_NOTHING = 'MATCH (n) RETURN count(n) = 0 AS empty';
const MATCHES_STORED_DATA = /^MATCH\b/i;
const AWAITS_INDEXES = /^CALL\s+db\.awaitIndexes\b/i;
const CREATES_FULLTEXT_INDEX = /^CREATE\s+FULLTEXT\s+INDEX\s+(\w+)/i;
const DROPS_INDEX = /^DROP\s+INDEX\s+(\w+)/i;
/** Creates or drops an index or constraint: writes no data. */
const SCHEMA_ONLY = /^(CREATE|DROP)\s+(\w+\s+)?(INDEX|CONSTRAINT)\b/i;

const checksumOf = (text: string) => createHash('sha256').update(text).digest('hex');
