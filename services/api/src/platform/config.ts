import path from 'node:path';

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
  };
}
