export interface LocalNeo4j {
  /** Bolt URI, e.g. bolt://127.0.0.1:7687 */
  uri: string;
  port: number;
  home: string;
  pid: number | undefined;
  /** Stops the database cleanly (SIGTERM, then SIGKILL after 60 s). */
  stop(): Promise<void>;
}
export interface StartOptions {
  home: string;
  port?: number;
  heap?: string;
  pageCache?: string;
  log?: (line: string) => void;
  timeoutMs?: number;
  /** Other Neo4j settings, "key=value,key=value" (MNEMO_NEO4J_SETTINGS when not given). */
  settings?: string;
  /** The JIT: `full` (tiered C1+C2, the default) or `quick` (C1 only); MNEMO_NEO4J_JIT when not given. */
  jit?: 'quick' | 'full';
}
export function ensureJar(options?: { log?: (line: string) => void }): string;
export function findFreePort(): Promise<number>;
/** The Java that runs Neo4j (MNEMO_NEO4J_JAVA, else the newest JDK 17–25 found) and its major version. */
export function findJava(
  env?: Record<string, string | undefined>,
  jvmRoot?: string,
): { command: string; major: number | undefined };
export function startNeo4j(options: StartOptions): Promise<LocalNeo4j>;
export function sourceDigest(): string;
