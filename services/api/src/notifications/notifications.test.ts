import { expectRefusedWithoutChange, type Harness, startHarness } from '../test-support/harness';
import { digestOf } from '../test-support/fixtures';
import { type PromotionFixture, seedPromotionFixture } from '../test-support/promotion-fixtures';

/**
 * Automatic notifications and subscriptions, read through the inbox: a failed data-quality check
 * tells the owners downstream of the version it checked, a promotion and a blocked promotion tell
 * those who depend on the model, subscribers to an entity and to "everything downstream of what I
 * own" are told with the path that concerns them, and each user reads and marks its own inbox.
 */
let harness: Harness;
let fixture: PromotionFixture;

const INBOX = `query($user: ID) { inbox(userId: $user) {
  unreadCount
  notifications { id event subjectId reason whyPath recipientId message read }
} }`;
const inboxOf = async (user: string) => (await harness.ok(INBOX, { user })).inbox;
const eventsOf = async (user: string) =>
  (await inboxOf(user)).notifications.map((n: any) => [n.event, n.subjectId, n.reason]).reverse();

beforeAll(async () => {
  harness = await startHarness();
  fixture = await seedPromotionFixture(harness);
  await harness.ok(
    `mutation($mv: ID!) {
      createDeployment(input: { projectId: "project:churn", slug: "churn-api-dev", name: "Churn API (DEV)",
        environment: DEV, modelVersionId: $mv, ownerIds: ["user:bob"] }) { id }
    }`,
    { mv: fixture.good },
  );
  await harness.ok(`mutation {
    a: subscribe(input: { subjectId: "model:churn/churn-classifier", subscriberId: "user:alice" }) { id }
    b: subscribe(input: { scope: DOWNSTREAM_OF_OWNED, subscriberId: "team:risk-data" }) { id }
  }`);
});
afterAll(() => harness.close());

describe('automatic notifications', () => {
  it('tells the owners downstream of a version whose data-quality check failed, and the subscribers upstream', async () => {
    await harness.ok(
      `mutation($run: ID!) {
        recordDataQualityChecks(runId: $run, checks: [
          { name: "null_rate(email)", passed: false, value: 0.4, datasetVersionId: "featureset:churn/customer@1" },
          { name: "rows > 0", passed: true, value: 120, datasetVersionId: "featureset:churn/customer@1" }
        ]) { id }
      }`,
      { run: fixture.goodRun },
    );
    const [bobs] = (await inboxOf('user:bob')).notifications;
    expect(bobs).toMatchObject({
      event: 'dataset.quality-check-failed',
      subjectId: 'featureset:churn/customer@1',
      reason: 'OWNS_DOWNSTREAM',
      message: `Data-quality check failed on featureset:churn/customer@1 (run ${fixture.goodRun}): null_rate(email) = 0.4.`,
      // customer@1 ← the training run ← the model version ← bob's deployment.
      whyPath: ['featureset:churn/customer@1', fixture.goodRun, fixture.good, 'deployment:churn/churn-api-dev'],
    });
    // Alice's inbox: her own notice (she owns the run that read customer@1) and her team's: risk-data
    // owns transactions, upstream of customer@1, and follows what is downstream of what it owns.
    const alices = (await inboxOf('user:alice')).notifications.map((n: any) => [n.recipientId, n.reason, n.whyPath]);
    expect(alices.sort()).toEqual([
      [
        'team:risk-data',
        'SUBSCRIBED_DOWNSTREAM',
        ['dataset:churn/transactions@2026-10', 'featureset:churn/customer@1'],
      ],
      ['user:alice', 'OWNS_DOWNSTREAM', ['featureset:churn/customer@1', fixture.goodRun]],
    ]);
    // Recording the same failure again changes nothing and tells nobody again.
    await harness.ok(
      `mutation($run: ID!) { recordDataQualityChecks(runId: $run, checks: [
        { name: "null_rate(email)", passed: false, value: 0.4, datasetVersionId: "featureset:churn/customer@1" }
      ]) { id } }`,
      { run: fixture.goodRun },
    );
    expect((await inboxOf('user:bob')).notifications).toHaveLength(1);
  });

  it('tells those who depend on a model of its promotion, and of a promotion its gates blocked', async () => {
    await harness.ok(`mutation($mv: ID!) { promoteModelVersion(id: $mv, environment: DEV) { id } }`, {
      mv: fixture.good,
    });
    const blocked = await harness.gql(`mutation($mv: ID!) { promoteModelVersion(id: $mv, environment: DEV) { id } }`, {
      mv: fixture.bad,
    });
    expect(blocked.errors?.[0].extensions?.code).toBe('PROMOTION_BLOCKED');
    // The blocked promotion changed nothing: the deployment still serves the good version.
    const [serving] = await harness.db.runScript(
      'MATCH (:Deployment {id: "deployment:churn/churn-api-dev"})-[:SERVES]->(mv) RETURN mv.id AS id',
    );
    expect(serving.id).toBe(fixture.good);
    expect((await eventsOf('user:bob')).slice(1)).toEqual([
      ['model.promoted', fixture.good, 'OWNS_DOWNSTREAM'],
      ['model.promotion-blocked', fixture.bad, 'OWNS_DOWNSTREAM'],
    ]);
    const aliceNotes = (await inboxOf('user:alice')).notifications.filter(
      (n: any) => n.recipientId === 'user:alice' && n.event.startsWith('model.'),
    );
    expect(aliceNotes.map((n: any) => [n.event, n.reason, n.whyPath]).reverse()).toEqual([
      ['model.promoted', 'SUBSCRIBED', ['model:churn/churn-classifier', fixture.good]],
      ['model.promotion-blocked', 'SUBSCRIBED', ['model:churn/churn-classifier', fixture.bad]],
    ]);
    expect(aliceNotes[0].message).toContain('blocked by');
  });
});

describe('the inbox', () => {
  it("counts a user's unread notifications, its teams' included, and marks them read for that user only", async () => {
    const before = await inboxOf('user:alice');
    expect(before.unreadCount).toBe(before.notifications.length);
    // Alice's and her team's: the quality check (each), the promotion and the blocked one (each).
    expect(before.unreadCount).toBe(6);
    const teamNote = before.notifications.find((n: any) => n.recipientId === 'team:risk-data');
    const marked = await harness.ok(
      `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids, userId: "user:alice") }`,
      {
        ids: [teamNote.id],
      },
    );
    expect(marked.markNotificationsRead).toBe(1);
    const after = await inboxOf('user:alice');
    expect(after.unreadCount).toBe(5);
    expect(after.notifications.find((n: any) => n.id === teamNote.id).read).toBe(true);
    const unreadOnly = await harness.ok(`{ inbox(userId: "user:alice", unreadOnly: true) { notifications { id } } }`);
    expect(unreadOnly.inbox.notifications).toHaveLength(5);
    // All at once, then nothing left to mark.
    expect((await harness.ok(`mutation { markNotificationsRead(userId: "user:alice") }`)).markNotificationsRead).toBe(
      5,
    );
    expect((await inboxOf('user:alice')).unreadCount).toBe(0);
    expect((await inboxOf('user:bob')).unreadCount).toBe(3);
  });
});

describe('subscriptions', () => {
  it('lists, and ends, a subscription: nothing more is sent through it', async () => {
    const { mySubscriptions } = await harness.ok(
      `{ mySubscriptions(subscriberId: "user:alice") { id scope subjectId } }`,
    );
    expect(mySubscriptions).toEqual([
      expect.objectContaining({ scope: 'ENTITY', subjectId: 'model:churn/churn-classifier' }),
    ]);
    // Subscribing again answers the same subscription.
    const again = await harness.ok(
      `mutation { subscribe(input: { subjectId: "model:churn/churn-classifier", subscriberId: "user:alice" }) { id } }`,
    );
    expect(again.subscribe.id).toBe(mySubscriptions[0].id);
    await harness.ok(`mutation($id: ID!) { unsubscribe(id: $id) { id removedAt } }`, { id: mySubscriptions[0].id });
    await harness.gql(`mutation($mv: ID!) { promoteModelVersion(id: $mv, environment: DEV) { id } }`, {
      mv: fixture.bad,
    });
    // Her team still follows what is downstream of what it owns; nothing comes to her own subscription.
    const unread = (await inboxOf('user:alice')).notifications.filter((n: any) => !n.read);
    expect(unread.map((n: any) => [n.recipientId, n.event])).toEqual([['team:risk-data', 'model.promotion-blocked']]);
    expect((await harness.ok(`{ mySubscriptions(subscriberId: "user:alice") { id } }`)).mySubscriptions).toEqual([]);
  });

  it.each([
    [
      'an ENTITY subscription without a subject',
      `mutation { subscribe(input: { subscriberId: "user:alice" }) { id } }`,
      'BAD_USER_INPUT',
    ],
    [
      'a subscription to an unknown entity',
      `mutation { subscribe(input: { subjectId: "dataset:churn/nope", subscriberId: "user:alice" }) { id } }`,
      'NOT_FOUND',
    ],
    [
      'a subscriber that is no user or team',
      `mutation { subscribe(input: { subjectId: "dataset:churn/transactions", subscriberId: "user:nobody" }) { id } }`,
      'NOT_FOUND',
    ],
    [
      'a webhook URL that is not http(s)',
      `mutation { registerWebhookEndpoint(input: { url: "ftp://example.com/x", ownerId: "user:alice" }) { secret } }`,
      'BAD_USER_INPUT',
    ],
    [
      'an unknown endpoint',
      `mutation { setWebhookEndpointEnabled(id: "webhook:nope", enabled: true) { id } }`,
      'NOT_FOUND',
    ],
  ])('refuses %s with a clear error and changes nothing', async (_what, mutation, code) => {
    expect((await expectRefusedWithoutChange(harness, mutation, {})).code).toBe(code);
  });

  it('accepts a version registration with an unchanged schema without telling anyone', async () => {
    const before = (await inboxOf('user:bob')).notifications.length;
    for (const version of ['s1', 's2']) {
      await harness.ok(
        `mutation($d: String!, $v: String!) { registerDatasetVersion(input: { datasetId: "dataset:churn/transactions",
          version: $v, digest: $d, schema: [{ name: "id", type: "int64" }] }) { id } }`,
        { d: digestOf(version), v: version },
      );
    }
    expect((await inboxOf('user:bob')).notifications).toHaveLength(before);
  });
});

describe('drift', () => {
  it("tells the owners downstream of a feature set when a new version's column statistics drift", async () => {
    const register = (version: string, mean: number) =>
      harness.ok(
        `mutation($d: String!, $v: String!, $stats: [ColumnStatsInput!]) { registerFeatureSetVersion(input: {
          featureSetId: "featureset:churn/customer", version: $v, digest: $d, columnStats: $stats }) { id } }`,
        { d: digestOf(`customer-${version}`), v: version, stats: [{ column: 'tenure', count: 100, mean, std: 1 }] },
      );
    await register('2', 10);
    const before = (await inboxOf('user:bob')).notifications.length;
    await register('3', 10.5); // half a standard deviation: quiet
    await register('4', 20); // ten standard deviations from the version before
    const drifted = (await inboxOf('user:bob')).notifications.filter((n: any) => n.event === 'dataset.drift-flagged');
    expect((await inboxOf('user:bob')).notifications).toHaveLength(before + 1);
    expect(drifted).toEqual([
      expect.objectContaining({
        subjectId: 'featureset:churn/customer@4',
        reason: 'OWNS_DOWNSTREAM',
        whyPath: ['featureset:churn/customer@1', fixture.goodRun, fixture.good, 'deployment:churn/churn-api-dev'],
      }),
    ]);
    expect(drifted[0].message).toContain('tenure');
  });
});
