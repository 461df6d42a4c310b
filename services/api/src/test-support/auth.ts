import { ensureLocalAdmin } from '../access/local-admin';
import { createServices } from '../services';
import type { GraphQLResponse, Harness } from './harness';

export type Caller = <T = Record<string, any>>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GraphQLResponse<T> & { status: number }>;

/** GraphQL over HTTP with a token's secret as `Authorization: Bearer` (null: anonymous). */
export function callerWith(harness: Harness, secret: string | null): Caller {
  return async (query, variables = {}) => {
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as GraphQLResponse<any>) };
  };
}

/** The local admin main.ts makes at the first start (user:admin, org ADMIN): its token's secret. */
export async function localAdminSecret(harness: Harness): Promise<string> {
  const secret = await ensureLocalAdmin(createServices(harness.db));
  if (!secret) throw new Error('an org admin exists already');
  return secret;
}

/** A caller that fails the test when the answer carries errors. */
export function okWith(call: Caller) {
  return async <T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await call<T>(query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data as T;
  };
}

/** A new user (made by the admin) with a token of its own; answers the token's secret. */
export async function userWithToken(admin: Caller, handle: string, teamIds: string[] = []): Promise<string> {
  const ok = okWith(admin);
  await ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
    i: { handle, name: handle, teamIds },
  });
  const { createApiToken } = await ok(
    `mutation($u: ID!) { createApiToken(input: { name: "test", userId: $u }) { secret } }`,
    { u: `user:${handle}` },
  );
  return createApiToken.secret;
}

/** The graph but the audit trail and tokens' lastUsedAt (touched by any request, at most once a minute). */
export async function graphWithoutTrail(harness: Harness): Promise<string> {
  const [row] = await harness.db.runScript(
    'CALL () { MATCH (n) WHERE NOT n:AuditEvent RETURN collect([labels(n), properties(n)]) AS nodes } ' +
      'CALL () { MATCH (a)-[r]->(b) RETURN collect([a.id, type(r), b.id, properties(r)]) AS relationships } ' +
      'RETURN nodes, relationships',
  );
  const nodes = (row.nodes as [string[], Record<string, unknown>][]).map(([labels, props]) => {
    const { lastUsedAt: _touched, ...kept } = props;
    return JSON.stringify([labels, Object.entries(kept).sort(([a], [b]) => a.localeCompare(b))]);
  });
  const relationships = (row.relationships as unknown[]).map((item) => JSON.stringify(item));
  return JSON.stringify([nodes.sort(), relationships.sort()]);
}
