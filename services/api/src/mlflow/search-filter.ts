import { MlflowError } from './mlflow-errors';
import { likeMatcher } from './like-pattern';

/**
 * MLflow's search grammar, one parser for search_runs, search_experiments, search_registered_models
 * and search_model_versions: clauses joined by AND, each `<entity>.<key> <op> <value>` or a bare
 * attribute (`name`, `run_name`, ...). Keys may be backquoted or double-quoted; values are quoted
 * strings, numbers or a parenthesised list of strings (IN, NOT IN). Read by a tokenizer that walks
 * the text once (no regular-expression backtracking); each search then says which entities, keys
 * and operators it accepts (`SearchGrammar`).
 */
export type Entity = 'attribute' | 'param' | 'tag' | 'metric' | 'dataset';
export type Operator =
  '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL';

export interface Clause {
  entity: Entity;
  key: string;
  op: Operator;
  /** A string or number; null for IS [NOT] NULL; a list for IN / NOT IN. */
  value: string | number | string[] | null;
}

export interface OrderKey {
  entity: Entity;
  key: string;
  descending: boolean;
}

/** What one search accepts: its attributes (numeric or string), and which other entities. */
export interface SearchGrammar {
  what: string;
  numericAttributes: string[];
  stringAttributes: string[];
  /** Other spellings of attributes (`run name` → run_name). */
  aliases?: Record<string, string>;
  entities: Entity[];
  /** Operators for string attributes. */
  stringOperators: Operator[];
  /** The only attributes IN and NOT IN take, when MLflow limits them (search_runs: run_id). */
  listAttributes?: string[];
  tagOperators: Operator[];
}

const ENTITIES: Record<string, Entity> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  metric: 'metric',
  metrics: 'metric',
  dataset: 'dataset',
  datasets: 'dataset',
};
const NUMERIC_OPERATORS: Operator[] = ['=', '!=', '>', '>=', '<', '<='];
const DATASET_OPERATORS: Operator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'quoted'; text: string; quote: string }
  | { kind: 'number'; value: number }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' };

/** The tokens of a filter, in one pass. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === "'" || char === '"' || char === '`') {
      // A quoted string or key; a doubled quote inside stands for one.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw invalid(`the quote opened at ${i + 1} is never closed`);
        if (text[j] === char) {
          if (text[j + 1] === char) {
            value += char;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j += 1;
      }
      tokens.push({ kind: 'quoted', text: value, quote: char });
      i = j + 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punct', text: char });
      i += 1;
    } else if ('=!<>'.includes(char)) {
      const two = text.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '<>'].includes(two) ? two : char;
      if (op === '!' || op === '<>') throw invalid(`unknown operator "${op}"`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else if (/[0-9+\-.]/.test(char) && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(text.slice(i, i + 40))) {
      const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))![0];
      tokens.push({ kind: 'number', value: Number(number) });
      i += number.length;
    } else if (/[\p{L}_]/u.test(char)) {
      // Letters of any script, as the names MLflow takes (Python's \w) and its parser's do.
      let j = i;
      while (j < text.length && /[\p{L}\p{N}_.:\-/]/u.test(text[j])) j += 1;
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    } else {
      throw invalid(`unexpected "${char}" at ${i + 1}`);
    }
  }
  return tokens;
}

/** Reads clauses and keys off a filter's tokens, left to right. */
class Reader {
  private at = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly grammar: SearchGrammar,
  ) {}

  get done() {
    return this.at >= this.tokens.length;
  }

  word(offset = 0): string | null {
    const token = this.tokens[this.at + offset];
    return token?.kind === 'word' ? token.text.toUpperCase() : null;
  }

  skip(count: number) {
    this.at += count;
  }

  identifier(): { entity: Entity; key: string } {
    const token = this.tokens[this.at];
    if (!token) throw invalid('a clause is missing');
    if (token.kind === 'quoted' && token.quote !== "'") {
      this.at += 1;
      return attribute(token.text, this.grammar);
    }
    if (token.kind !== 'word') throw invalid('a clause must start with a key');
    this.at += 1;
    const dot = token.text.indexOf('.');
    const entity = dot < 0 ? undefined : ENTITIES[token.text.slice(0, dot).toLowerCase()];
    if (!entity) {
      // A bare attribute, or one written as two words (`Run name`).
      const next = this.tokens[this.at];
      if (next?.kind === 'word' && this.grammar.aliases?.[`${token.text} ${next.text}`]) {
        this.at += 1;
        return attribute(`${token.text} ${next.text}`, this.grammar);
      }
      return attribute(token.text, this.grammar);
    }
    let key = token.text.slice(dot + 1);
    if (key === '') {
      const quoted = this.tokens[this.at];
      if (quoted?.kind !== 'quoted' || quoted.quote === "'") throw invalid(`"${token.text}" needs a key`);
      key = quoted.text;
      this.at += 1;
    }
    if (entity === 'attribute') return attribute(key, this.grammar);
    if (!this.grammar.entities.includes(entity)) throw invalid(`${this.grammar.what} have no ${entity}s`);
    return { entity, key };
  }

  operator(): Operator {
    const token = this.tokens[this.at];
    if (token?.kind === 'op') {
      this.at += 1;
      return token.text as Operator;
    }
    const [first, second, third] = [this.word(), this.word(1), this.word(2)];
    const found: [Operator, number] | null =
      first === 'LIKE' || first === 'ILIKE' || first === 'IN'
        ? [first, 1]
        : first === 'NOT' && second === 'IN'
          ? ['NOT IN', 2]
          : first === 'IS' && second === 'NULL'
            ? ['IS NULL', 2]
            : first === 'IS' && second === 'NOT' && third === 'NULL'
              ? ['IS NOT NULL', 3]
              : null;
    if (!found) throw invalid(`expected an operator${token ? '' : ' at the end'}`);
    this.at += found[1];
    return found[0];
  }

  value(op: Operator): Clause['value'] {
    if (op === 'IS NULL' || op === 'IS NOT NULL') return null;
    if (op === 'IN' || op === 'NOT IN') return this.list(op);
    const token = this.tokens[this.at];
    this.at += 1;
    if (token?.kind === 'number') return token.value;
    if (token?.kind === 'quoted' && token.quote !== '`') return token.text;
    throw invalid('expected a quoted string or a number as the value');
  }

  private list(op: Operator): string[] {
    const open = this.tokens[this.at];
    if (open?.kind !== 'punct' || open.text !== '(') throw invalid(`${op} needs a list in parentheses`);
    this.at += 1;
    const values: string[] = [];
    for (;;) {
      const item = this.tokens[this.at];
      if (item?.kind !== 'quoted' || item.quote === '`') throw invalid(`${op} takes a list of quoted strings`);
      values.push(item.text);
      const next = this.tokens[this.at + 1];
      this.at += 2;
      if (next?.kind === 'punct' && next.text === ')') return values;
      if (next?.kind !== 'punct' || next.text !== ',') throw invalid(`the ${op} list is not closed`);
    }
  }
}

/** The clauses of a filter string, checked against what the search accepts. */
export function parseFilter(filter: string | undefined, grammar: SearchGrammar): Clause[] {
  const reader = new Reader(tokenize((filter ?? '').trim()), grammar);
  const clauses: Clause[] = [];
  while (!reader.done) {
    if (clauses.length > 0) {
      if (reader.word() !== 'AND') throw invalid('clauses must be joined by AND (OR is not supported)');
      reader.skip(1);
    }
    const identifier = reader.identifier();
    const op = reader.operator();
    clauses.push(checkedClause({ ...identifier, op, value: reader.value(op) }, grammar));
  }
  return clauses;
}

function attribute(name: string, grammar: SearchGrammar): { entity: Entity; key: string } {
  const key = grammar.aliases?.[name] ?? name;
  if (![...grammar.numericAttributes, ...grammar.stringAttributes].includes(key)) {
    const known = [...grammar.stringAttributes, ...grammar.numericAttributes].join(', ');
    throw invalid(`"${name}" is not an attribute of ${grammar.what}; use ${known}`);
  }
  return { entity: 'attribute', key };
}

function checkedClause(clause: Clause, grammar: SearchGrammar): Clause {
  const { entity, key, op, value } = clause;
  const numeric = entity === 'metric' || (entity === 'attribute' && grammar.numericAttributes.includes(key));
  const allowed = numeric
    ? NUMERIC_OPERATORS
    : entity === 'attribute'
      ? grammar.stringOperators
      : entity === 'dataset'
        ? DATASET_OPERATORS
        : grammar.tagOperators;
  if (!allowed.includes(op)) throw invalid(`${entity} "${key}" cannot be compared with ${op}`);
  const lists = grammar.listAttributes;
  if (entity === 'attribute' && (op === 'IN' || op === 'NOT IN') && lists && !lists.includes(key)) {
    throw invalid(`only ${lists.join(', ')} can be compared with ${op}`);
  }
  if (numeric && typeof value !== 'number') throw invalid(`${entity} "${key}" must be compared with a number`);
  if (!numeric && typeof value === 'number') throw invalid(`${entity} "${key}" must be compared with a quoted string`);
  return clause;
}

/** MLflow's order_by: each `<entity>.<key> [ASC|DESC]` or a bare attribute; ascending unless DESC. */
export function parseOrderBy(orderBy: string[] | string | undefined, grammar: SearchGrammar): OrderKey[] {
  const list = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  return list
    .map(String)
    .filter((text) => text.trim())
    .map((text) => {
      const tokens = tokenize(text);
      const last = tokens.at(-1);
      const descending = last?.kind === 'word' && last.text.toUpperCase() === 'DESC';
      if (last?.kind === 'word' && /^(ASC|DESC)$/i.test(last.text)) tokens.pop();
      const reader = new Reader(tokens, grammar);
      const { entity, key } = reader.identifier();
      if (!reader.done) throw invalid(`cannot read order_by "${text}"`);
      return { entity, key, descending };
    });
}

/**
 * Where a search query starts instead of reading every candidate: one clause that an index of its
 * key answers. Every value that satisfies the clause lies in one of `ranges` ([from, below) in
 * string order), so the candidates the index finds there include every match; the clause itself
 * still applies to them, so what a search answers does not depend on the seed.
 */
export interface SearchSeed {
  entity: Entity;
  key: string;
  ranges: { from: string; below: string }[];
}

/** A search as the MLflow search queries take it (cypher/fragments/search-clauses-hold.cypher, search-order.cypher). */
export interface CompiledSearch {
  /** Every value the clauses and the order read, each computed once per candidate. */
  keys: { entity: string; key: string }[];
  clauses: { at: number; op: Operator; value: unknown; values: unknown[] | null; regex: string | null }[];
  order: { at: number; descending: boolean }[];
  /** The clause an index answers, or null when none does (the query reads every candidate). */
  seed: SearchSeed | null;
}

/** Which keys a search's query can seek by an index (its own seed branches). */
export type IndexedKey = (entity: Entity, key: string) => boolean;

/** Parsed clauses and order_by keys compiled for a search query: parameters only, never query text. */
export function compiledSearch(
  clauses: Clause[],
  order: OrderKey[],
  indexed: IndexedKey = () => false,
): CompiledSearch {
  if (order.length > 4) throw new MlflowError('INVALID_PARAMETER_VALUE', 'order_by takes at most 4 keys.');
  const keys: CompiledSearch['keys'] = [];
  const at = (entity: string, key: string) => {
    const found = keys.findIndex((k) => k.entity === entity && k.key === key);
    return found >= 0 ? found : keys.push({ entity, key }) - 1;
  };
  return {
    clauses: clauses.map((c) => ({
      at: at(c.entity, c.key),
      op: c.op,
      value: Array.isArray(c.value) ? null : c.value,
      values: Array.isArray(c.value) ? c.value : null,
      regex: c.op === 'LIKE' || c.op === 'ILIKE' ? likeAsRegex(String(c.value), c.op === 'ILIKE') : null,
    })),
    order: order.map((o) => ({ at: at(o.entity, o.key), descending: o.descending })),
    keys,
    seed: searchSeed(clauses, indexed),
  };
}

/**
 * The clause to start a search from: an `=` or `IN` on an indexed key before a LIKE whose pattern
 * starts with literal text (each usually finds fewer), else the first of them; null when none fits.
 */
export function searchSeed(clauses: Clause[], indexed: IndexedKey): SearchSeed | null {
  const seeds = clauses
    .filter((c) => indexed(c.entity, c.key))
    .map((c) => ({ c, ranges: seekRanges(c) }))
    .filter((seed): seed is { c: Clause; ranges: SearchSeed['ranges'] } => seed.ranges !== null);
  const best = seeds.find((seed) => seed.c.op !== 'LIKE') ?? seeds[0];
  return best ? { entity: best.c.entity, key: best.c.key, ranges: best.ranges } : null;
}

/**
 * The string ranges that hold every value satisfying a clause: one value's range for `=` and each
 * of an `IN`, the range of strings starting with a LIKE pattern's literal start (the text before
 * its first `%` or `_`). Null for any other clause, and for text whose order could differ between
 * UTF-16 and code points (from U+D7FF on), where the range bounds would not be safe.
 */
function seekRanges(clause: Clause): SearchSeed['ranges'] | null {
  const { op, value } = clause;
  const safe = (text: string) => !/[\ud7ff-\uffff]/.test(text);
  // In string order only `text` itself lies in [text, text + U+0000).
  const exactly = (text: string) => ({ from: text, below: `${text}\u0000` });
  if (op === '=' && typeof value === 'string' && safe(value)) return [exactly(value)];
  if (op === 'IN' && Array.isArray(value) && value.every(safe)) return value.map(exactly);
  if (op !== 'LIKE' || typeof value !== 'string') return null;
  const wildcard = value.search(/[%_]/);
  const start = wildcard < 0 ? value : value.slice(0, wildcard);
  if (!start || !safe(start)) return null;
  // Strings starting with `start` lie between it and the same text with its last character the next one.
  const last = start.charCodeAt(start.length - 1);
  return [{ from: start, below: start.slice(0, -1) + String.fromCharCode(last + 1) }];
}

/**
 * A LIKE pattern as a Java regular expression for Cypher's `=~` that cannot backtrack badly: each
 * piece between `%` is placed leftmost inside an atomic group, as likeMatcher places it.
 */
export function likeAsRegex(pattern: string, ignoreCase: boolean): string {
  // Java: a backslash before any ASCII character that is not a letter or digit makes it literal.
  const literal = (char: string) =>
    char === '_' ? '.' : /[\x21-\x7e]/.test(char) && !/[A-Za-z0-9]/.test(char) ? `\\${char}` : char;
  const piece = (text: string) => Array.from(text).map(literal).join('');
  const pieces = (ignoreCase ? pattern.toLowerCase() : pattern).split('%');
  if (pieces.length === 1) return `(?s)${piece(pieces[0])}`;
  const middle = pieces.slice(1, -1).filter(Boolean);
  return `(?s)${piece(pieces[0])}${middle.map((p) => `(?>.*?${piece(p)})`).join('')}.*${piece(pieces.at(-1)!)}`;
}

/** An opaque page token for offset paging (what MLflow's own server uses): base64 of the offset. */
export function offsetOf(pageToken: string | undefined): number {
  if (!pageToken) return 0;
  const decoded = Number(
    Buffer.from(String(pageToken), 'base64')
      .toString('utf8')
      .replace(/^offset:/, ''),
  );
  if (!Number.isInteger(decoded) || decoded < 0) throw invalid('the page token is not one this server gave');
  return decoded;
}
export const pageTokenAt = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');

/**
 * A page the database cuts (the compiled searches): the offset of the page token and one row more than
 * max_results, so that `cut` tells from the rows alone whether another page follows.
 */
export function databasePage(
  body: { max_results?: unknown; page_token?: string },
  fallback: number,
  limit: number,
): { offset: number; limit: number; cut<T>(rows: T[]): { page: T[]; next?: { next_page_token: string } } } {
  const size = maxResults(body.max_results, fallback, limit);
  const offset = offsetOf(body.page_token);
  return {
    offset,
    limit: size + 1,
    cut: (rows) => ({
      page: rows.slice(0, size),
      ...(rows.length > size ? { next: { next_page_token: pageTokenAt(offset + size) } } : {}),
    }),
  };
}

/** A key's value of an item, for the search evaluated in the api. */
type ValueOf<T> = (item: T, key: { entity: Entity; key: string }) => string | number | null;

/**
 * The one search still evaluated in the api (search_logged_models: a logged model's params and tags
 * are JSON in one property, which Cypher cannot read): the items that satisfy every clause, in
 * `order` (missing values last in either direction, as MLflow orders them), then one page of
 * max_results from the page token's offset, and the next token.
 */
export function searchedInApi<T>(
  items: T[],
  search: { clauses: Clause[]; order: OrderKey[]; valueOf: ValueOf<T> },
  body: { max_results?: unknown; page_token?: string },
  fallback: number,
  limit: number,
): { page: T[]; next?: { next_page_token: string } } {
  const { clauses, order, valueOf } = search;
  const found = items.filter((item) => clauses.every((clause) => satisfies(clause, valueOf(item, clause))));
  const sorted = found.sort((a, b) => {
    for (const key of order) {
      const [x, y] = [valueOf(a, key), valueOf(b, key)];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (key.descending ? -1 : 1);
    }
    return 0;
  });
  const page = databasePage(body, fallback, limit);
  return page.cut(sorted.slice(page.offset, page.offset + page.limit));
}

/** Whether a value satisfies a clause (the search evaluated in the api). */
function satisfies(clause: Clause, actual: string | number | null | undefined): boolean {
  const { op, value } = clause;
  if (op === 'IS NULL') return actual === null || actual === undefined;
  if (op === 'IS NOT NULL') return actual !== null && actual !== undefined;
  if (actual === null || actual === undefined) return false;
  switch (op) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '>':
      return typeof actual === 'number' && actual > (value as number);
    case '>=':
      return typeof actual === 'number' && actual >= (value as number);
    case '<':
      return typeof actual === 'number' && actual < (value as number);
    case '<=':
      return typeof actual === 'number' && actual <= (value as number);
    case 'LIKE':
    case 'ILIKE':
      return likeMatcher(String(value), op === 'ILIKE')(String(actual));
    case 'IN':
      return (value as string[]).includes(String(actual));
    case 'NOT IN':
      return !(value as string[]).includes(String(actual));
  }
}

/** max_results as a number in [1, limit], `fallback` when absent. */
export function maxResults(raw: unknown, fallback: number, limit: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > limit) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `max_results must be between 1 and ${limit}; got ${String(raw)}.`);
  }
  return value;
}

export const invalid = (message: string) => new MlflowError('INVALID_PARAMETER_VALUE', `Invalid filter: ${message}.`);
