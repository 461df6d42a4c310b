import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API_MAIN, type ApiProcess, startApiProcess } from '../test-support/api-process';
import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../test-support/webhook-receiver';

/**
 * Two api replicas (separate processes of the compiled api) dispatching one outbox: every delivery
 * is accepted by the receiver exactly once, though both replicas poll the same endpoints and a
 * third of first attempts are answered 500, and each endpoint receives its deliveries in order.
 * The claim is decided by the database (notifications/claim-delivery.cypher), not by a lock here.
 */
const CHANGES = 12;
const FAST_WEBHOOKS = {
  MNEMO_WEBHOOK_POLL_MS: '20',
  MNEMO_WEBHOOK_RETRY_BASE_MS: '20',
  MNEMO_WEBHOOK_RETRY_MAX_MS: '100',
  MNEMO_WEBHOOK_TIMEOUT_MS: '5000',
};

let harness: Harness;
let receiver: WebhookReceiver;
let scratch: string;
const replicas: ApiProcess[] = [];

beforeAll(async () => {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: build the api first (npm run build).`);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'mnemo-webhook-replicas-'));
  harness = await startHarness();
  receiver = await startWebhookReceiver();
  await seedChurnProject(harness);
  await harness.ok(`mutation {
    createUser(input: { handle: "bob", name: "Bob" }) { id }
    grantProjectRole(projectId: "project:churn", memberId: "team:risk-data", role: VIEWER) { role }
  }`);
  await harness.ok(`mutation {
    grantProjectRole(projectId: "project:churn", memberId: "user:bob", role: VIEWER) { role }
    registerDataset(input: { projectId: "project:churn", slug: "features-daily", name: "Daily features", ownerIds: ["user:bob"] }) { id }
    subscribe(input: { subjectId: "dataset:churn/transactions", subscriberId: "team:risk-data" }) { id }
  }`);
  await registerVersion(harness.url, 'dataset:churn/transactions', '1', { schema: [{ name: 'id', type: 'int64' }] });
  await registerVersion(harness.url, 'dataset:churn/features-daily', '1', {
    derivedFromIds: ['dataset:churn/transactions@1'],
  });
  // Two endpoints, so the replicas have several to claim from at once.
  for (const owner of ['user:bob', 'team:risk-data']) {
    await harness.ok(
      `mutation($url: String!, $owner: ID!) { registerWebhookEndpoint(input: { url: $url, ownerId: $owner }) { secret } }`,
      { url: `${receiver.base}/${owner}`, owner },
    );
  }
  for (const name of ['a', 'b']) {
    replicas.push(
      await startApiProcess(
        {
          MNEMO_AUTH: 'off',
          MNEMO_ARTIFACT_ROOT: path.join(scratch, `artifacts-${name}`),
          MNEMO_PLACEHOLDER_KEY_FILE: path.join(scratch, 'placeholder-key'),
          ...FAST_WEBHOOKS,
        },
        `replica ${name}`,
      ),
    );
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await receiver?.close();
  await harness?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function registerVersion(graphqlUrl: string, datasetId: string, version: string, extra: Record<string, unknown>) {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mnemo-actor': 'user:tester' },
    body: JSON.stringify({
      query: `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }`,
      variables: { input: { datasetId, version, digest: digestOf(`${datasetId}@${version}`), ...extra } },
    }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

it('sends every delivery exactly once and in order per endpoint, with two replicas dispatching one outbox', async () => {
  let answered = 0;
  receiver.answer = (request) => (request.json.id && answered++ % 3 === 0 ? 500 : 200);
  // Schema changes sent to both replicas in turn while both dispatch.
  for (let i = 2; i < 2 + CHANGES; i++) {
    const replica = replicas[i % 2];
    await registerVersion(`${replica.base}/graphql`, 'dataset:churn/transactions', String(i), {
      schema: [
        { name: 'id', type: 'int64' },
        { name: `c${i}`, type: 'double' },
      ],
    });
  }
  const expected = CHANGES * 2; // bob (owner downstream) and team:risk-data (subscriber), one endpoint each
  const counts = async () =>
    (
      await harness.db.runScript(
        'MATCH (d:Delivery) RETURN count(d) AS total, count(CASE WHEN d.status = "DELIVERED" THEN 1 END) AS delivered',
      )
    )[0] as { total: number; delivered: number };
  await waitFor('every delivery delivered', async () => (await counts()).delivered === expected);
  expect(await counts()).toEqual({ total: expected, delivered: expected });

  const accepted = new Map<string, number>();
  for (const request of receiver.received.filter((r) => r.status === 200)) {
    accepted.set(request.json.id, (accepted.get(request.json.id) ?? 0) + 1);
  }
  expect(accepted.size).toBe(expected);
  expect([...accepted.values()].every((times) => times === 1)).toBe(true);
  // Each endpoint saw its sequence numbers in order: a retry repeats n, n+1 never comes before n is accepted.
  for (const owner of ['user:bob', 'team:risk-data']) {
    const seen = receiver.received.filter((r) => r.path === `/${owner}`).map((r) => [r.json.sequence, r.status]);
    const accepted = seen.filter(([, status]) => status === 200).map(([sequence]) => sequence);
    expect(accepted).toEqual(Array.from({ length: CHANGES }, (_, i) => i + 1));
    const order = seen.map(([sequence]) => sequence);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }
  // Both replicas took part (each claim names its claimer).
  const claimers = await harness.db.runScript('MATCH (d:Delivery) RETURN collect(DISTINCT d.claimedBy) AS claimers');
  console.log(`webhook replicas: ${expected} deliveries, claimers ${JSON.stringify(claimers[0].claimers)}`);
}, 180_000);
