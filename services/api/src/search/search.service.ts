import { MnemoError } from '../platform/errors';
import { assertMayReadProject } from '../access/read-access';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { searchRepository } from './search.repository';

export const SEARCHABLE_KINDS = [
  'Project',
  'Dataset',
  'DatasetVersion',
  'FeatureSet',
  'FeatureSetVersion',
  'Experiment',
  'Run',
  'Model',
  'ModelVersion',
  'Deployment',
  'User',
  'Team',
  'DataSource',
] as const;

export interface SearchInput {
  text: string;
  kinds?: string[] | null;
  projectId?: string | null;
  ownerId?: string | null;
  first?: number | null;
}

export interface SearchHit {
  node: EntityRecord;
  score: number;
}

const MAX_TEXT = 200;
const MAX_HITS = 100;

/** Lucene's query syntax characters: a user's words are matched literally, never parsed as syntax. */
const LUCENE_SPECIAL = /[+\-!(){}[\]^"~*?:\\/&|]/g;

/**
 * The user's words as a Lucene query: every word must match, as a prefix ("cust trans" finds
 * "Customer transactions") so typing shows results before a word is finished; prefix matches all
 * score alike in Lucene, so a whole-word match is boosted above them.
 */
export function luceneQuery(text: string): string {
  const words = text
    .split(/\s+/)
    .map((word) => word.replace(LUCENE_SPECIAL, ' ').trim())
    .flatMap((word) => word.split(/\s+/))
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
  return asQuery(words);
}

/**
 * The user's words split as the words index splits names, at every character that is not a
 * letter (`stg_orders` → `stg orders`), and at camelCase humps (`dailyRevenue` → `daily revenue`).
 * The index keeps a camelCase name as one word (no analyzer Neo4j ships splits it), so a word of
 * three letters or more also matches inside an indexed word, below whole words and prefixes:
 * `revenue` finds `dailyRevenueByRegion`. Empty when the text has no letters.
 */
export function wordsQuery(text: string): string {
  const words = text
    .split(/[^\p{L}]+/u)
    .flatMap((word) => word.split(/(?<=\p{Ll})(?=\p{Lu})/u))
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
  return words
    .map((word) => (word.length >= 3 ? `(${word}^3 OR ${word}* OR *${word}*^0.5)` : `(${word}^3 OR ${word}*)`))
    .join(' AND ');
}

const asQuery = (words: string[]) => words.map((word) => `(${word}^3 OR ${word}*)`).join(' AND ');

/** One search box across the catalog: datasets, feature sets, experiments, runs, models, deployments, people. */
export class SearchService {
  constructor(private readonly db: GraphDatabase) {}

  async search(input: SearchInput): Promise<SearchHit[]> {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (text.length === 0 || text.length > MAX_TEXT) {
      throw new MnemoError('BAD_USER_INPUT', `text must be 1 to ${MAX_TEXT} characters.`);
    }
    const first = input.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_HITS) {
      throw new MnemoError('BAD_USER_INPUT', `first must be a whole number from 1 to ${MAX_HITS}; got ${first}.`);
    }
    const unknownKinds = (input.kinds ?? []).filter((kind) => !(SEARCHABLE_KINDS as readonly string[]).includes(kind));
    if (unknownKinds.length) {
      throw new MnemoError(
        'BAD_USER_INPUT',
        `Unknown kind ${unknownKinds.join(', ')}; searchable kinds are ${SEARCHABLE_KINDS.join(', ')}.`,
      );
    }
    if (input.projectId) await assertMayReadProject(this.db, input.projectId);
    const query = luceneQuery(text);
    if (!query) return []; // only punctuation: nothing to look for
    const rows = await searchRepository.catalogText(this.db, {
      query,
      // Text without letters ("2024") looks in the words index for what the other finds.
      wordsQuery: wordsQuery(text) || query,
      kinds: input.kinds?.length ? input.kinds : null,
      projectId: input.projectId ?? null,
      ownerId: input.ownerId ?? null,
      limit: first,
    });
    return rows.map((row) => ({ node: row.entity, score: row.score }));
  }
}
