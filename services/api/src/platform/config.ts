import path from 'node:path';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';

/** Everything the api reads from its environment, in one place (see docs/operations.md). */
export interface MnemoConfig {
  host: string;
  port: number;
  /** Set when Mnemo should use an existing Neo4j; otherwise a local one is started. */
  neo4jUri: string | null;
  neo4jUser: string | null;
  neo4jPassword: string | null;
  neo4jDatabase: string | undefined;
  /** Where the local Neo4j keeps its data (git-ignored). */
  localDataDir: string;
  localBoltPort: number;
  loadDemo: boolean;
  /** Where artifacts uploaded through the MLflow artifact proxy are kept. */
  artifactRoot: string;
  /** MNEMO_ARTIFACT_MAX_BYTES: the largest file the artifact proxy accepts in one upload. */
  artifactMaxBytes: number;
  /** MNEMO_AUTH: `on` (default) checks tokens and roles; `off` is allowed only on a loopback host. */
  auth: 'on' | 'off';
  /**
   * Where the first start with auth on writes the local admin token's secret (mode 0600):
   * MNEMO_ADMIN_TOKEN_FILE, else .mnemo/admin-token (tests starting throw-away servers set it).
   */
  adminTokenFile: string;
  /** MNEMO_GRAPHQL_MAX_DEPTH and MNEMO_GRAPHQL_MAX_COST: how much one GraphQL operation may ask for. */
  queryLimits: QueryLimits;
  /**
   * The key of restricted placeholders' ids: MNEMO_PLACEHOLDER_KEY when set (replicas on different
   * machines share it this way), else kept in placeholderKeyFile (MNEMO_PLACEHOLDER_KEY_FILE, else
   * .mnemo/placeholder-key, mode 0600), made at the first start.
   */
  placeholderKey: string | null;
  placeholderKeyFile: string;
}

export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export function readConfig(env: NodeJS.ProcessEnv = process.env): MnemoConfig {
  return {
    host: env.MNEMO_HOST ?? '127.0.0.1',
    port: Number(env.MNEMO_PORT ?? 4000),
    neo4jUri: env.NEO4J_URI || null,
    neo4jUser: env.NEO4J_USER || (env.NEO4J_URI ? 'neo4j' : null),
    neo4jPassword: env.NEO4J_PASSWORD ?? null,
    neo4jDatabase: env.NEO4J_DATABASE || undefined,
    localDataDir: env.MNEMO_DATA_DIR ?? path.join(REPO_ROOT, '.mnemo', 'neo4j'),
    localBoltPort: Number(env.MNEMO_LOCAL_BOLT_PORT ?? 7687),
    loadDemo: env.MNEMO_DEMO !== 'off',
    artifactRoot: env.MNEMO_ARTIFACT_ROOT ?? path.join(REPO_ROOT, '.mnemo', 'artifacts'),
    artifactMaxBytes: positiveWhole(
      'MNEMO_ARTIFACT_MAX_BYTES',
      env.MNEMO_ARTIFACT_MAX_BYTES,
      DEFAULT_ARTIFACT_MAX_BYTES,
    ),
    auth: readAuthMode(env.MNEMO_AUTH),
    adminTokenFile: env.MNEMO_ADMIN_TOKEN_FILE || path.join(REPO_ROOT, '.mnemo', 'admin-token'),
    placeholderKey: env.MNEMO_PLACEHOLDER_KEY || null,
    placeholderKeyFile: env.MNEMO_PLACEHOLDER_KEY_FILE || path.join(REPO_ROOT, '.mnemo', 'placeholder-key'),
    queryLimits: readQueryLimits(env),
  };
}

/** 1 GiB: a model checkpoint fits; a runaway upload does not fill the disk. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 1024 ** 3;

export function readQueryLimits(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  return {
    maxDepth: positiveWhole('MNEMO_GRAPHQL_MAX_DEPTH', env.MNEMO_GRAPHQL_MAX_DEPTH, DEFAULT_QUERY_LIMITS.maxDepth),
    maxCost: positiveWhole('MNEMO_GRAPHQL_MAX_COST', env.MNEMO_GRAPHQL_MAX_COST, DEFAULT_QUERY_LIMITS.maxCost),
  };
}

function positiveWhole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a whole number above 0; got "${value}".`);
  return parsed;
}

function readAuthMode(value: string | undefined): 'on' | 'off' {
  if (value === undefined || value === '' || value === 'on') return 'on';
  if (value === 'off') return 'off';
  throw new Error(`MNEMO_AUTH must be "on" or "off"; got "${value}".`);
}

/** Loopback hosts, where MNEMO_AUTH=off is allowed. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];
