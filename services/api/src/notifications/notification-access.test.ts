import {
  type Caller,
  callerWith,
  graphWithoutTrail,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../test-support/auth';
import { digestOf } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';

/**
 * Who is told, with authentication on: recipients are decided when the change commits, by the read
 * rules (access/read-access.ts). An owner downstream without a role in the subject's project, or
 * not granted a restricted subject, is not told; a refused write tells nobody; nobody may follow
 * what they may not read, nor read another's inbox.
 */
let harness: Harness;
let admin: ReturnType<typeof okWith>;
const callers: Record<string, Caller> = {};

const REGISTER = `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }`;
const version = (datasetId: string, label: string, columns: string[], derivedFromIds: string[] = []) => ({
  input: {
    datasetId,
    version: label,
    digest: digestOf(`${datasetId}@${label}`),
    schema: columns.map((name) => ({ name, type: 'string' })),
    derivedFromIds,
  },
});
const notified = async () =>
  (
    await harness.db.runScript(
      'MATCH (n:Notification) RETURN n.subjectId AS subjectId, n.recipientId AS recipientId ORDER BY recipientId',
    )
  ).map((row) => [row.subjectId, row.recipientId]);

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  const adminCall = callerWith(harness, await localAdminSecret(harness));
  admin = okWith(adminCall);
  await admin(`mutation {
    a: createProject(input: { slug: "churn", name: "Churn" }) { id }
    b: createProject(input: { slug: "other", name: "Other" }) { id }
  }`);
  for (const handle of ['ed', 'bob', 'carol', 'dave'])
    callers[handle] = callerWith(harness, await userWithToken(adminCall, handle));
  await admin(`mutation {
    a: grantProjectRole(projectId: "project:churn", memberId: "user:ed", role: EDITOR) { role }
    b: grantProjectRole(projectId: "project:churn", memberId: "user:bob", role: VIEWER) { role }
    c: grantProjectRole(projectId: "project:churn", memberId: "user:carol", role: VIEWER) { role }
    d: grantProjectRole(projectId: "project:other", memberId: "user:dave", role: EDITOR) { role }
  }`);
  await admin(`mutation {
    a: registerDataset(input: { projectId: "project:churn", slug: "transactions", name: "Transactions", ownerIds: ["user:ed"] }) { id }
    b: registerDataset(input: { projectId: "project:churn", slug: "secret", name: "Secret", ownerIds: ["user:ed"] }) { id }
    c: registerDataset(input: { projectId: "project:churn", slug: "bob-features", name: "Bob's", ownerIds: ["user:bob"] }) { id }
    d: registerDataset(input: { projectId: "project:churn", slug: "carol-features", name: "Carol's", ownerIds: ["user:carol"] }) { id }
    e: registerDataset(input: { projectId: "project:other", slug: "dave-copy", name: "Dave's copy", ownerIds: ["user:dave"] }) { id }
  }`);
  await admin(REGISTER, version('dataset:churn/transactions', '1', ['id']));
  await admin(REGISTER, version('dataset:churn/secret', '1', ['id']));
  await admin(
    REGISTER,
    version('dataset:churn/bob-features', '1', [], ['dataset:churn/transactions@1', 'dataset:churn/secret@1']),
  );
  await admin(REGISTER, version('dataset:churn/carol-features', '1', [], ['dataset:churn/secret@1']));
  await admin(REGISTER, version('dataset:other/dave-copy', '1', [], ['dataset:churn/transactions@1']));
  await admin(`mutation {
    a: setRestricted(entityId: "dataset:churn/secret", restricted: true) { id }
    b: grantReadAccess(entityId: "dataset:churn/secret", memberId: "user:bob") { id }
  }`);
});
afterAll(() => harness.close());

describe('recipients follow the read rules', () => {
  it('tells the downstream owners who may read the subject, not one without a role in its project', async () => {
    await okWith(callers.ed)(REGISTER, version('dataset:churn/transactions', '2', ['id', 'amount']));
    // Dave owns dave-copy, derived from transactions@1, but holds no role in churn.
    expect(await notified()).toEqual([['dataset:churn/transactions@2', 'user:bob']]);
  });

  it('tells only those who may read a restricted dataset about its change', async () => {
    await okWith(callers.ed)(REGISTER, version('dataset:churn/secret', '2', ['id', 'salary']));
    // Carol reads churn and owns carol-features, derived from secret@1, but is not granted secret.
    const onSecret = (await notified()).filter(([subject]) => subject === 'dataset:churn/secret@2');
    expect(onSecret).toEqual([['dataset:churn/secret@2', 'user:bob']]);
    const { inbox } = await okWith(callers.carol)(`{ inbox { unreadCount notifications { subjectId } } }`);
    expect(inbox).toEqual({ unreadCount: 0, notifications: [] });
  });

  it('tells nobody about a write refused to its caller', async () => {
    const before = await notified();
    const refused = await callers.bob(REGISTER, version('dataset:churn/transactions', '3', ['renamed']));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await notified()).toEqual(before);
  });
});

describe('subscriptions and inboxes are their owners’', () => {
  it('refuses a subscription to what the caller may not read as if it did not exist, and changes nothing', async () => {
    const before = await graphWithoutTrail(harness);
    const hidden = await callers.carol(`mutation { subscribe(input: { subjectId: "dataset:churn/secret" }) { id } }`);
    const unknown = await callers.carol(`mutation { subscribe(input: { subjectId: "dataset:churn/none" }) { id } }`);
    expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0].message).toBe(unknown.errors?.[0].message.replace('none', 'secret'));
    expect(await graphWithoutTrail(harness)).toBe(before);
    // Bob, granted it, may.
    const { subscribe } = await okWith(callers.bob)(
      `mutation { subscribe(input: { subjectId: "dataset:churn/secret" }) { subscriberId } }`,
    );
    expect(subscribe.subscriberId).toBe('user:bob');
  });

  it("refuses another user's inbox, subscriptions and endpoints, and a team's subscription, to a member without an org role", async () => {
    const bobs = await okWith(callers.bob)(`{ inbox { unreadCount } }`);
    expect(bobs.inbox.unreadCount).toBe(2);
    for (const query of [
      `{ inbox(userId: "user:bob") { unreadCount } }`,
      `{ mySubscriptions(subscriberId: "user:bob") { id } }`,
      `{ webhookEndpoints(ownerId: "user:bob") { id } }`,
    ]) {
      expect((await callers.carol(query)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    await admin(`mutation { createTeam(input: { slug: "readers", name: "Readers" }) { id } }`);
    const before = await graphWithoutTrail(harness);
    const forTeam = await callers.carol(
      `mutation { subscribe(input: { subjectId: "dataset:churn/transactions", subscriberId: "team:readers" }) { id } }`,
    );
    expect(forTeam.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const forOther = await callers.carol(`mutation { markNotificationsRead(userId: "user:bob") }`);
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await graphWithoutTrail(harness)).toBe(before);
    expect((await okWith(callers.bob)(`{ inbox { unreadCount } }`)).inbox.unreadCount).toBe(2);
  });
});
