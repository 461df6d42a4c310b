import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthMode } from '../access/principal';
import { createApp, listen } from '../app';
import type { ArtifactStore } from '../mlflow/artifact-store';
import type { QueryLimits } from '../platform/query-limits';
import { countRoundTrips, type CountingDriver } from '../platform/round-trips';
import { createDriver, GraphDatabase } from '../platform/neo4j';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface GraphCounts {
  nodes: number;
  relationships: number;
  auditEvents: number;
}

/** The real api over HTTP on a free port, against this worker's own real Neo4j, wiped for this file. */
export interface Harness {
  db: GraphDatabase;
  roundTrips: CountingDriver;
  url: string;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    actor?: string,
  ): Promise<GraphQLResponse<T>>;
  /** gql that fails the test when the answer carries errors. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  counts(): Promise<GraphCounts>;
  /** Every node and relationship with labels and properties, canonically ordered: "the graph exactly". */
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

export function workerNeo4jUri(): string {
  const uris = (process.env.MNEMO_TEST_NEO4J_URIS ?? '').split(',').filter(Boolean);
  if (uris.length === 0)
    throw new Error('No test Neo4j: run the tests with `npm test`, whose global setup starts one.');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return uris[(worker - 1) % uris.length];
}

export interface HarnessOptions {
  /** `off` (default): every call names its actor with x-mnemo-actor and may do everything. */
  auth?: AuthMode;
  /** Where the api reaches this worker's Neo4j: its Bolt URI unless given (e.g. the same server as `neo4j://`). */
  uri?: string;
  /** GraphQL depth and cost limits; the defaults (or MNEMO_GRAPHQL_MAX_*) when not given. */
  queryLimits?: QueryLimits;
  /** Passed to createApp: where artifact files go (a temporary folder by default) and the upload limit. */
  artifactRoot?: string;
  artifactMaxBytes?: number;
  /** Passed to createApp: a store to use instead (artifact-stores.ts: a folder or a bucket on MinIO). */
  artifactStore?: ArtifactStore;
  /** A second api on the graph another harness made (a replica): this worker's Neo4j is not wiped. */
  replica?: boolean;
  /** Told each statement's text as the api sends it (round-trips.ts). */
  onSend?: (text: string) => void;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const roundTrips = countRoundTrips(createDriver({ uri: options.uri ?? workerNeo4jUri() }), options.onSend);
  const db = new GraphDatabase(roundTrips.driver);
  if (!options.replica) {
    await db.runScript('MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  }
  const { app, apollo } = await createApp(db, {
    auth: options.auth ?? 'off',
    queryLimits: options.queryLimits,
    artifactRoot: options.artifactRoot,
    artifactMaxBytes: options.artifactMaxBytes,
    artifactStore: options.artifactStore,
  });
  const server: Server = await listen(app, '127.0.0.1', 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  const gql: Harness['gql'] = async (query, variables = {}, actor = 'user:tester') => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mnemo-actor': actor },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<any>;
  };

  return {
    db,
    roundTrips,
    url,
    gql,
    async ok(query, variables) {
      const result = await gql(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as any;
    },
    async counts() {
      const [row] = await db.runScript(
        'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } ' +
          'CALL () { MATCH (e:AuditEvent) RETURN count(e) AS auditEvents } RETURN nodes, relationships, auditEvents',
      );
      return row as unknown as GraphCounts;
    },
    async snapshot() {
      const rows = await db.runScript(
        'CALL () { MATCH (n) RETURN collect([labels(n), properties(n)]) AS nodes } ' +
          'CALL () { MATCH (a)-[r]->(b) RETURN collect([a.id, type(r), b.id, properties(r)]) AS relationships } ' +
          'RETURN nodes, relationships',
      );
      const canonical = (items: unknown[]) => items.map((item) => JSON.stringify(item, sortedKeys)).sort();
      return JSON.stringify({
        nodes: canonical(rows[0].nodes as unknown[]),
        relationships: canonical(rows[0].relationships as unknown[]),
      });
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
      await db.close();
    },
  };
}

/** Runs a refused mutation and checks it left the graph exactly as it was; returns the error code. */
export async function expectRefusedWithoutChange(
  harness: Harness,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ code: string | undefined; message: string }> {
  const before = await harness.snapshot();
  const result = await harness.gql(query, variables);
  const after = await harness.snapshot();
  expect(result.errors?.length).toBeGreaterThan(0);
  expect(after === before).toBe(true);
  const [error] = result.errors!;
  return { code: error.extensions?.code, message: error.message };
}

function sortedKeys(_key: string, value: unknown) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
  }
  return value;
}
