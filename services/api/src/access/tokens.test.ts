import { type Harness, startHarness } from '../test-support/harness';
import { type Caller, callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';

let harness: Harness;
let admin: Caller;

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
});
afterAll(() => harness.close());

const WHOAMI = `{ whoami { actor authenticated authMode user { id } orgRoles projectRoles { projectId role via } } }`;

describe('API tokens', () => {
  it('are created with a secret shown once, stored only as a hash, and act as their user', async () => {
    const bobSecret = await userWithToken(admin, 'bob');
    const bob = callerWith(harness, bobSecret);
    expect((await bob(WHOAMI)).data?.whoami).toEqual({
      actor: 'user:bob',
      authenticated: true,
      authMode: 'on',
      user: { id: 'user:bob' },
      orgRoles: [],
      projectRoles: [],
    });

    const created = await okWith(bob)(
      `mutation { createApiToken(input: { name: "laptop" }) { token { id name userId revokedAt } secret } }`,
    );
    const { token, secret } = created.createApiToken;
    expect(secret).toMatch(/^mnemo_[A-Za-z0-9]{40}$/);
    expect(token).toMatchObject({ name: 'laptop', userId: 'user:bob', revokedAt: null });

    // Never again: not in the list, not in the graph, not in the audit trail.
    const listed = await okWith(bob)(`{ apiTokens { id name userId lastUsedAt } }`);
    expect(listed.apiTokens.map((t: { name: string }) => t.name).sort()).toEqual(['laptop', 'test']);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const everything = await harness.snapshot();
    expect(everything).not.toContain(secret);
    const trail = JSON.stringify(await harness.db.runScript('MATCH (e:AuditEvent) RETURN e {.*} AS e'));
    expect(trail).not.toContain(secret);
    const [{ hash }] = await harness.db.runScript('MATCH (t:ApiToken {id: $id}) RETURN t.hash AS hash', {
      id: token.id,
    });
    expect(trail).not.toContain(String(hash));
    expect(String(hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(listed)).not.toContain(String(hash));

    // The new token works, then stops working once revoked.
    const laptop = callerWith(harness, secret);
    expect((await laptop(WHOAMI)).data?.whoami.actor).toBe('user:bob');
    const revoked = await okWith(bob)(`mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`, {
      id: token.id,
    });
    expect(revoked.revokeApiToken.revokedAt).toBeTruthy();
    const refused = await laptop(WHOAMI);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await bob(WHOAMI)).data?.whoami.actor).toBe('user:bob');
  });

  it('answers 401 UNAUTHENTICATED for an unknown token, in each protocol shape', async () => {
    const stranger = callerWith(harness, 'mnemo_' + 'x'.repeat(40));
    const graphql = await stranger(WHOAMI);
    expect(graphql.status).toBe(401);
    expect(graphql.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const base = harness.url.replace('/graphql', '');
    const headers = { authorization: 'Bearer mnemo_unknown', 'content-type': 'application/json' };
    const mlflow = await fetch(`${base}/api/2.0/mlflow/experiments/search`, { method: 'POST', headers, body: '{}' });
    expect(mlflow.status).toBe(401);
    expect(await mlflow.json()).toEqual({ error_code: 'UNAUTHENTICATED', message: expect.any(String) });
    const lineage = await fetch(`${base}/api/v1/lineage`, { method: 'POST', headers, body: '{}' });
    expect(lineage.status).toBe(401);
    expect(await lineage.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const audit = await fetch(`${base}/api/audit/export`, { headers });
    expect(audit.status).toBe(401);
    expect(await audit.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    const health = await fetch(`${base}/health`, { headers });
    expect(health.status).toBe(200);
  });

  it('lets anonymous callers ask whoami and nothing else, and ignores x-mnemo-actor', async () => {
    const anonymous = callerWith(harness, null);
    const whoami = await anonymous(WHOAMI);
    expect(whoami.data?.whoami).toMatchObject({ actor: 'anonymous', authenticated: false, authMode: 'on' });
    expect((await anonymous(`{ users { nodes { id } } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mnemo-actor': 'user:admin' },
      body: JSON.stringify({ query: `mutation { createTeam(input: { slug: "sneaky", name: "Sneaky" }) { id } }` }),
    });
    const refused = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await harness.db.runScript(`MATCH (t:Team {id: 'team:sneaky'}) RETURN t`)).toEqual([]);
  });

  it("keeps other users' tokens to their owner and org admins", async () => {
    const carolSecret = await userWithToken(admin, 'carol');
    const carol = callerWith(harness, carolSecret);
    const bobTokens = (await okWith(admin)(`{ apiTokens(userId: "user:bob") { id revokedAt } }`)).apiTokens;
    const bobTokenId = bobTokens.find((token: { revokedAt: string | null }) => !token.revokedAt).id;
    expect((await carol(`{ apiTokens(userId: "user:bob") { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const revoke = await carol(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: bobTokenId });
    expect(revoke.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(revoke.errors?.[0].message).toMatch(/user:carol needs to be user:bob or an org ADMIN to token\.revoked/);
    const create = await carol(`mutation { createApiToken(input: { name: "x", userId: "user:bob" }) { secret } }`);
    expect(create.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const denied = await harness.db.runScript(
      `MATCH (e:AuditEvent {action: 'access.denied', actor: 'user:carol'}) RETURN e.after AS after ORDER BY e.at`,
    );
    expect(denied.map((row) => JSON.parse(String(row.after)).action)).toEqual(['token.revoked', 'token.created']);
  });
});
