import { type Harness, startHarness } from '../test-support/harness';
import { digestOf } from '../test-support/fixtures';
import {
  REGISTER_DATASET_VERSION as REGISTER_VERSION,
  seedDownstreamOwner,
} from '../test-support/notification-fixtures';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../test-support/webhook-receiver';
import { createServices } from '../services';
import { runCommand } from '../platform/command';
import { VERSION_SPECS } from '../versions/versions.service';
import { type DispatcherSettings, WebhookDispatcher } from './dispatcher';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './webhook-signature';

/**
 * Webhook delivery end to end: a schema change commits its notification to the outbox, the
 * dispatcher (fast timings) sends it to a real HTTP receiver on 127.0.0.1, signed; 500s are retried
 * with backoff, an endpoint's deliveries arrive in order, repeated failures disable the endpoint,
 * and a command that rolls back leaves nothing to send.
 */
const FAST: DispatcherSettings = {
  enabled: true,
  pollMs: 20,
  timeoutMs: 2_000,
  retryBaseMs: 20,
  retryMaxMs: 200,
  maxAttempts: 6,
  disableAfter: 3,
  retentionDays: 30,
};

let harness: Harness;
let receiver: WebhookReceiver;
let dispatcher: WebhookDispatcher;
let secret: string;
let endpointId: string;

const ENDPOINTS = `query($owner: ID) { webhookEndpoints(ownerId: $owner) {
  id url enabled consecutiveFailures disabledReason
  deliveries { id seq status attempts lastStatusCode event attemptLog { number statusCode outcome endpointDisabled } }
} }`;

let versionNumber = 1;
/** A new version of churn/transactions whose columns differ from the one before it. */
async function changeSchema(): Promise<string> {
  versionNumber += 1;
  const columns = [
    { name: 'id', type: 'int64' },
    { name: `c${versionNumber}`, type: 'double' },
  ];
  const { registerDatasetVersion } = await harness.ok(REGISTER_VERSION, {
    input: {
      datasetId: 'dataset:churn/transactions',
      version: String(versionNumber),
      digest: digestOf(`transactions-${versionNumber}`),
      schema: columns,
    },
  });
  return registerDatasetVersion.id;
}

const countOf = async (label: string) =>
  Number((await harness.db.runScript(`MATCH (n:${label}) RETURN count(n) AS n`))[0].n);
const bobsEndpoint = async () => (await harness.ok(ENDPOINTS, { owner: 'user:bob' })).webhookEndpoints[0];
const forPath = (path: string) => receiver.received.filter((request) => request.path === path);

beforeAll(async () => {
  harness = await startHarness();
  receiver = await startWebhookReceiver();
  ({ secret, endpointId } = await seedDownstreamOwner(harness, `${receiver.base}/bob`));
  dispatcher = new WebhookDispatcher(harness.db, FAST).start();
});

afterAll(async () => {
  await dispatcher.stop();
  await receiver.close();
  await harness.close();
});

describe('webhook delivery', () => {
  it('sends a schema change to the downstream owner, signed, with the why-path and links into the explorer', async () => {
    const versionId = await changeSchema();
    await waitFor('the delivery', () => forPath('/bob').length === 1);
    await waitFor('its outcome recorded', async () => (await bobsEndpoint()).deliveries[0]?.status === 'DELIVERED');
    const [request] = forPath('/bob');
    const headers = {
      signature: String(request.headers[SIGNATURE_HEADER]),
      timestamp: String(request.headers[TIMESTAMP_HEADER]),
    };
    expect(verifySignature(secret, headers, request.body)).toBe(true);
    expect(verifySignature('whsec_wrong', headers, request.body)).toBe(false);
    expect(verifySignature(secret, headers, request.body.replace('schema', 'scheme'))).toBe(false);
    // A captured request replayed after the window is refused by the same check.
    expect(verifySignature(secret, headers, request.body, Number(headers.timestamp) + 301)).toBe(false);
    expect(request.json).toMatchObject({
      event: 'dataset.schema-changed',
      sequence: 1,
      subject: { id: versionId, kind: 'DatasetVersion', projectId: 'project:churn' },
      recipient: 'user:bob',
      reason: 'OWNS_DOWNSTREAM',
      whyPath: ['dataset:churn/transactions@1', 'dataset:churn/features-daily@1'],
      details: { added: [{ name: 'c2', type: 'double' }] },
      links: {
        subject: `http://127.0.0.1:3000/n/${encodeURIComponent(versionId)}`,
        inbox: 'http://127.0.0.1:3000/inbox',
      },
    });
    expect(request.headers[DELIVERY_HEADER]).toBe(request.json.id);
    const { webhookEndpoints } = await harness.ok(ENDPOINTS, { owner: 'user:bob' });
    expect(webhookEndpoints[0].deliveries).toEqual([
      expect.objectContaining({ seq: 1, status: 'DELIVERED', attempts: 1, lastStatusCode: 200 }),
    ]);
  });

  it('retries a delivery answered 500 with backoff until it is accepted, logging each status code', async () => {
    const failures = new Map<string, number>();
    receiver.answer = (request) => {
      const id = String(request.json.id);
      const seen = failures.get(id) ?? 0;
      failures.set(id, seen + 1);
      return seen < 2 ? 500 : 200;
    };
    await changeSchema();
    await waitFor(
      'a delivery accepted after two 500s',
      () => forPath('/bob').filter((r) => r.status === 200).length === 2,
    );
    await waitFor('its outcome recorded', async () => (await bobsEndpoint()).consecutiveFailures === 0);
    const attempts = forPath('/bob').slice(1);
    expect(attempts.map((request) => [request.json.sequence, request.status])).toEqual([
      [2, 500],
      [2, 500],
      [2, 200],
    ]);
    const { webhookEndpoints } = await harness.ok(ENDPOINTS, { owner: 'user:bob' });
    const [latest] = webhookEndpoints[0].deliveries;
    expect(latest).toMatchObject({ seq: 2, status: 'DELIVERED', attempts: 3, lastStatusCode: 200 });
    expect(latest.attemptLog.map((attempt: any) => [attempt.statusCode, attempt.outcome])).toEqual([
      [500, 'RETRY'],
      [500, 'RETRY'],
      [200, 'DELIVERED'],
    ]);
    expect(webhookEndpoints[0]).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  it("keeps an endpoint's order: delivery n+1 is not sent before n is delivered, even while n is retried", async () => {
    const before = forPath('/bob').length;
    // Each delivery fails on its first arrival, so every one of them is retried.
    const seen = new Set<string>();
    receiver.answer = (request) => {
      const id = String(request.json.id);
      if (seen.has(id)) return 200;
      seen.add(id);
      return 500;
    };
    for (let i = 0; i < 4; i++) await changeSchema();
    await waitFor('four more deliveries', () => forPath('/bob').filter((r) => r.status === 200).length === 6);
    const sequence = forPath('/bob')
      .slice(before)
      .map((request) => [request.json.sequence, request.status]);
    expect(sequence).toEqual([
      [3, 500],
      [3, 200],
      [4, 500],
      [4, 200],
      [5, 500],
      [5, 200],
      [6, 500],
      [6, 200],
    ]);
  });

  it('disables an endpoint after repeated failures and says so, in its log and on the endpoint', async () => {
    receiver.answer = (request) => (request.path === '/down' ? 503 : 200);
    const { registerWebhookEndpoint } = await harness.ok(
      `mutation($url: String!) { registerWebhookEndpoint(input: { url: $url, ownerId: "user:bob", format: SLACK }) { endpoint { id } } }`,
      { url: `${receiver.base}/down` },
    );
    const down = registerWebhookEndpoint.endpoint.id;
    await changeSchema();
    const endpointOf = async () =>
      (await harness.ok(ENDPOINTS, { owner: 'user:bob' })).webhookEndpoints.find((e: any) => e.id === down);
    await waitFor('the endpoint disabled', async () => (await endpointOf()).enabled === false);
    const endpoint = await endpointOf();
    expect(endpoint.disabledReason).toBe('disabled after 3 consecutive failed attempts (last: 503)');
    expect(endpoint.deliveries).toHaveLength(1);
    expect(endpoint.deliveries[0]).toMatchObject({ status: 'PENDING', attempts: 3, lastStatusCode: 503 });
    expect(endpoint.deliveries[0].attemptLog.map((a: any) => a.endpointDisabled)).toEqual([false, false, true]);
    expect(forPath('/down')).toHaveLength(3);
    // A Slack-compatible body: text and blocks, signed the same way.
    expect(Object.keys(forPath('/down')[0].json).sort()).toEqual(['blocks', 'text']);
    expect(forPath('/down')[0].json.text).toContain('Schema of dataset:churn/transactions@');
    // Nothing more is sent to a disabled endpoint.
    expect(await dispatcher.runOnce()).toBeGreaterThanOrEqual(0);
    expect(forPath('/down')).toHaveLength(3);

    // Enabled again by its owner, it gets the pending delivery.
    await harness.ok(`mutation($id: ID!) { setWebhookEndpointEnabled(id: $id, enabled: true) { id } }`, { id: down });
    receiver.answer = () => 200;
    await waitFor('the pending delivery sent', async () => (await endpointOf()).deliveries[0].status === 'DELIVERED');
    expect(forPath('/bob').every((request) => request.json.event === 'dataset.schema-changed')).toBe(true);
  });

  it('writes no notification and sends nothing for a command that rolls back after its change', async () => {
    const [notifications, deliveries, sent] = [
      await countOf('Notification'),
      await countOf('Delivery'),
      receiver.received.length,
    ];
    const services = createServices(harness.db);
    await expect(
      runCommand(harness.db, async () => {
        await services.versions.register('user:tester', VERSION_SPECS.DatasetVersion, {
          parentId: 'dataset:churn/transactions',
          version: 'rolled-back',
          digest: digestOf('rolled-back'),
          schema: [{ name: 'dropped', type: 'string' }],
        });
        throw new Error('a later step of the command failed');
      }),
    ).rejects.toThrow('a later step');
    await dispatcher.runOnce();
    expect([await countOf('Notification'), await countOf('Delivery'), receiver.received.length]).toEqual([
      notifications,
      deliveries,
      sent,
    ]);
    // The same registration committed does notify: the rollback, not the change, made the difference.
    const committed = await runCommand(harness.db, () =>
      services.versions.register('user:tester', VERSION_SPECS.DatasetVersion, {
        parentId: 'dataset:churn/transactions',
        version: 'committed',
        digest: digestOf('committed'),
        schema: [{ name: 'dropped', type: 'string' }],
      }),
    );
    expect(await countOf('Notification')).toBe(notifications + 1);
    await waitFor('its delivery', () => receiver.received.some((r) => r.json.subject?.id === committed.id));
    expect(endpointId).toMatch(/^webhook:/);
  });

  it('sweeps settled deliveries past the retention with their attempts, once across two sweepers, and keeps the rest', async () => {
    // The deliveries the tests above settled (delivered, or given up).
    await dispatcher.runOnce();
    const settled = await harness.db.runScript(
      "MATCH (d:Delivery) WHERE d.status IN ['DELIVERED', 'GAVE_UP'] RETURN d.id AS id ORDER BY d.seq",
    );
    expect(settled.length).toBeGreaterThanOrEqual(2);
    // Half of them last tried 31 days ago (past the 30-day retention), the other half a day ago.
    const aged = settled.filter((_, i) => i % 2 === 0).map((row) => String(row.id));
    const recent = settled.filter((_, i) => i % 2 === 1).map((row) => String(row.id));
    await harness.db.runScript(
      'MATCH (d:Delivery) WHERE d.id IN $aged SET d.lastAttemptAt = datetime() - duration({days: 31})',
      { aged },
    );
    await harness.db.runScript(
      'MATCH (d:Delivery) WHERE d.id IN $recent SET d.lastAttemptAt = datetime() - duration({days: 1})',
      { recent },
    );
    const notifications = await countOf('Notification');
    const other = new WebhookDispatcher(harness.db, FAST);
    const deleted = await Promise.all([dispatcher.sweepOnce(), other.sweepOnce()]);
    expect(deleted.reduce((sum, n) => sum + n, 0)).toBe(aged.length);
    const left = await harness.db.runScript(
      'MATCH (d:Delivery) WHERE d.id IN $ids RETURN d.id AS id, COUNT { (:DeliveryAttempt)-[:ATTEMPT_OF]->(d) } AS attempts',
      { ids: [...aged, ...recent] },
    );
    expect(left.map((row) => row.id).sort()).toEqual([...recent].sort());
    expect(left.every((row) => Number(row.attempts) > 0)).toBe(true);
    // Attempts of the deleted deliveries went with them; the inbox keeps every notification.
    const orphans = await harness.db.runScript(
      'MATCH (a:DeliveryAttempt) WHERE a.deliveryId IN $aged RETURN count(a) AS n',
      { aged },
    );
    expect(Number(orphans[0].n)).toBe(0);
    expect(await countOf('Notification')).toBe(notifications);
    // Nothing past the retention: a sweep deletes nothing; MNEMO_OUTBOX_RETENTION_DAYS=0 keeps everything.
    expect(await dispatcher.sweepOnce()).toBe(0);
    const keeping = new WebhookDispatcher(harness.db, { ...FAST, retentionDays: 0 });
    await harness.db.runScript(
      'MATCH (d:Delivery) WHERE d.id IN $recent SET d.lastAttemptAt = datetime() - duration({days: 400})',
      {
        recent,
      },
    );
    expect(await keeping.sweepOnce()).toBe(0);
    expect(await countOf('Delivery')).toBeGreaterThanOrEqual(recent.length);
  });
});
