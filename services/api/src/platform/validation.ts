import { MnemoError } from './errors';

/** A JSON object (not an array, not null): what a client's or a YAML file's mapping must be. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The most UTF-8 bytes a tag's or a param's key and value may take together. Neo4j's range index on
 * (key, value) holds about 8 KB a node (8,161 bytes, measured on 5.26): a longer pair failed its
 * write with "Property value is too large to index", a 500. 3,000 Chinese characters are 9,000 bytes.
 */
export const INDEXED_PAIR_BYTES = 8_100;

/** How many UTF-8 bytes a key and its value take together. */
const pairBytes = (key: string, value: string): number => Buffer.byteLength(key) + Buffer.byteLength(value);

/** Why a key and value do not fit the index together, in words; null when they fit. */
export function tooLargeToIndex(key: string, value: string): string | null {
  const bytes = pairBytes(key, value);
  if (bytes <= INDEXED_PAIR_BYTES) return null;
  return `takes ${bytes} bytes in UTF-8 with its key; at most ${INDEXED_PAIR_BYTES} fit (both are indexed together)`;
}

/** Whether a text has more than `limit` characters, counted as Python counts them (code points, as MLflow's limits are). */
export const longerThan = (value: string, limit: number): boolean => value.length > limit && [...value].length > limit;

/** The text cut to its first `limit` characters (code points). */
export const cutToCharacters = (value: string, limit: number): string =>
  longerThan(value, limit) ? [...value].slice(0, limit).join('') : value;

/** The value, cut at a character so that it fits with its key in INDEXED_PAIR_BYTES (derived tags). */
export function cutToFitIndex(key: string, value: string): string {
  if (pairBytes(key, value) <= INDEXED_PAIR_BYTES) return value;
  let room = INDEXED_PAIR_BYTES - Buffer.byteLength(key);
  let cut = '';
  for (const character of value) {
    room -= Buffer.byteLength(character);
    if (room < 0) break;
    cut += character;
  }
  return cut;
}

/** Limits that keep one request from bloating the graph; generous for real metadata. */
export const LIMITS = {
  slug: 64,
  /** MLflow's: its experiment and registered-model names hold 256 characters (run names 250). */
  name: 256,
  description: 10_000,
  uri: 2_000,
  tag: 100,
  tags: 50,
  paramKey: 250,
  paramValue: 6_000,
  /** A run tag's value: MLflow's MAX_TAG_VAL_LENGTH (a run's note, mlflow.note.content, is one). */
  tagValue: 8_000,
  params: 500,
  metricsPerCall: 1_000,
  listItems: 200,
} as const;

const SLUG = /^[a-z0-9][a-z0-9._-]*$/;
/** `<algorithm>:<hex>` with the length each algorithm's digest has. */
const DIGEST_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/**
 * Collects every problem in one input so the caller hears about all of them at once,
 * then throws a single BAD_USER_INPUT listing each field.
 */
export class InputCheck {
  private readonly problems: { field: string; problem: string }[] = [];

  constructor(private readonly what: string) {}

  fail(field: string, problem: string): void {
    this.problems.push({ field, problem });
  }

  /** A required, non-blank string within `max` characters; returns it trimmed. */
  text(field: string, value: unknown, max: number): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(field, 'is required');
      return '';
    }
    return this.optionalText(field, value, max) ?? '';
  }

  optionalText(field: string, value: unknown, max: number): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.fail(field, 'must be a string');
      return undefined;
    }
    if (value.length > max) this.fail(field, `is ${value.length} characters long; the limit is ${max}`);
    return value.trim();
  }

  slug(field: string, value: unknown): string {
    const slug = this.text(field, value, LIMITS.slug);
    if (slug && !SLUG.test(slug)) {
      this.fail(
        field,
        `"${slug}" must be lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
      );
    }
    return slug;
  }

  digest(field: string, value: unknown): string {
    const digest = this.text(field, value, 200);
    if (!digest) return digest;
    const [algorithm, hex, ...rest] = digest.split(':');
    const expected = DIGEST_LENGTHS[algorithm?.toLowerCase() ?? ''];
    if (rest.length > 0 || !expected || !hex || hex.length !== expected || !/^[0-9a-fA-F]+$/.test(hex)) {
      this.fail(
        field,
        `"${digest.slice(0, 80)}" is not a content digest; expected <algorithm>:<hex> with algorithm ` +
          `${Object.keys(DIGEST_LENGTHS).join(', ')} (e.g. sha256: followed by 64 hex digits)`,
      );
    }
    return digest.toLowerCase();
  }

  optionalDigest(field: string, value: unknown): string | undefined {
    return value === undefined || value === null ? undefined : this.digest(field, value);
  }

  tags(field: string, value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(field, 'must be a list of strings');
      return [];
    }
    if (value.length > LIMITS.tags) this.fail(field, `has ${value.length} tags; the limit is ${LIMITS.tags}`);
    const tags = value.map((tag, i) => this.text(`${field}[${i}]`, tag, LIMITS.tag));
    return [...new Set(tags)];
  }

  list<T>(field: string, value: T[] | undefined | null, max: number = LIMITS.listItems): T[] {
    if (value === undefined || value === null) return [];
    if (value.length > max) this.fail(field, `has ${value.length} items; the limit is ${max}`);
    return value;
  }

  number(field: string, value: unknown, options: { min?: number; integer?: boolean } = {}): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || Number.isNaN(value)) {
      this.fail(field, 'must be a number');
      return undefined;
    }
    if (options.integer && !Number.isInteger(value)) this.fail(field, 'must be a whole number');
    if (options.min !== undefined && value < options.min) this.fail(field, `must be at least ${options.min}`);
    return value;
  }

  /** An id of the expected kind, e.g. `dataset:churn/transactions`. */
  id(field: string, value: unknown, ...prefixes: string[]): string {
    const id = this.text(field, value, 300);
    if (id && !prefixes.some((prefix) => id.startsWith(`${prefix}:`))) {
      this.fail(field, `"${id}" is not an id of a ${prefixes.join(' or ')}`);
    }
    return id;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws BAD_USER_INPUT naming every problem found so far. */
  done(): void {
    if (this.problems.length === 0) return;
    const list = this.problems.map((p) => `${p.field} ${p.problem}`).join('; ');
    throw new MnemoError('BAD_USER_INPUT', `Invalid ${this.what}: ${list}.`, { problems: this.problems });
  }
}
