import type { Browser, Page } from 'playwright-core';
import { digestOf } from '../../services/api/src/test-support/fixtures';
import {
  REGISTER_DATASET_VERSION as REGISTER,
  seedDownstreamOwner,
} from '../../services/api/src/test-support/notification-fixtures';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../../services/api/src/test-support/webhook-receiver';
import { WebhookDispatcher } from '../../services/api/src/notifications/dispatcher';
import { launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * Notifications in the explorer: the header's unread badge, the inbox (why each notice concerns
 * the reader, marked read), the webhook delivery log with its status codes, and the subscribe
 * button on an entity page — over the real API, a real Neo4j and a real webhook receiver.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;
let receiver: WebhookReceiver;
let dispatcher: WebhookDispatcher;

beforeAll(async () => {
  harness = await startHarness();
  receiver = await startWebhookReceiver();
  await seedDownstreamOwner(harness, `${receiver.base}/bob`);
  dispatcher = new WebhookDispatcher(harness.db, {
    enabled: true,
    pollMs: 50,
    timeoutMs: 5_000,
    retryBaseMs: 50,
    retryMaxMs: 500,
    maxAttempts: 5,
    disableAfter: 5,
    retentionDays: 30,
  }).start();
  await harness.ok(REGISTER, {
    input: {
      datasetId: 'dataset:churn/transactions',
      version: '2',
      digest: digestOf('t2'),
      schema: [{ name: 'id', type: 'string' }],
    },
  });
  web = await startWebServer(harness.url.replace(/\/graphql$/, ''));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await dispatcher?.stop();
  await receiver?.close();
  await harness?.close();
});

async function pageAs(actor: string): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-mnemo-actor': actor } });
}

afterEach(async () => {
  await page?.close();
});

test('the header counts unread notifications; the inbox says why each concerns me, marks them read and shows the delivery log', async () => {
  page = await pageAs('user:bob');
  await page.goto(web.url);
  const header = page.getByRole('region', { name: 'Session' });
  await header.getByRole('link', { name: 'Inbox 1 unread' }).click();
  const notifications = page.getByRole('region', { name: 'Notifications' });
  await notifications.getByText('1 unread notification').waitFor();
  await notifications
    .getByText(
      'Schema of dataset:churn/transactions@2 changed since dataset:churn/transactions@1: id retyped int64 → string.',
    )
    .waitFor();
  await notifications.getByText('Sent to you: you own something downstream of it.').waitFor();
  expect(await notifications.getByRole('link', { name: 'dataset:churn/features-daily@1' }).count()).toBe(1);

  // The webhook endpoint's delivery log: the receiver accepted it (HTTP 200).
  const endpoints = page.getByRole('region', { name: 'Webhook endpoints' });
  const log = endpoints.getByRole('table', { name: `Delivery log of ${receiver.base}/bob` });
  await log.waitFor();
  await log.getByText('DELIVERED (HTTP 200)').waitFor();
  await log.getByText('#1: HTTP 200').waitFor();
  expect(receiver.received.map((request) => request.json.event)).toEqual(['dataset.schema-changed']);
  await checkPage(page, 'inbox');

  await notifications.getByRole('button', { name: 'Mark all read' }).click();
  await notifications.getByText('0 unread notifications').waitFor();
  await header.getByRole('link', { name: 'Inbox', exact: true }).waitFor();
  expect((await harness.ok(`{ inbox(userId: "user:bob") { unreadCount } }`)).inbox.unreadCount).toBe(0);
});

test('an inbox with nothing in it says so, in words', async () => {
  page = await pageAs('user:alice');
  await page.goto(`${web.url}/inbox`);
  await page.getByText('No notifications yet. Subscribe to a dataset or model from its page.').waitFor();
  await page.getByText('No webhook endpoints.', { exact: false }).waitFor();
  await checkPage(page, 'inbox-empty');
});

test('an entity page subscribes me and unsubscribes me', async () => {
  page = await pageAs('user:alice');
  await page.goto(`${web.url}/n/${encodeURIComponent('dataset:churn/features-daily')}`);
  const subscription = page.getByRole('region', { name: 'Subscription' });
  await subscription.getByRole('button', { name: 'Subscribe' }).click();
  await subscription.getByRole('button', { name: 'Unsubscribe' }).waitFor();
  await checkPage(page, 'entity-dataset-subscribed');
  await subscription.getByText('You are told what happens to it, in your inbox.').waitFor();
  const subscribed = await harness.ok(`{ mySubscriptions(subscriberId: "user:alice") { subjectId } }`);
  expect(subscribed.mySubscriptions).toEqual([{ subjectId: 'dataset:churn/features-daily' }]);
  await subscription.getByRole('button', { name: 'Unsubscribe' }).click();
  await subscription.getByRole('button', { name: 'Subscribe' }).waitFor();
  expect((await harness.ok(`{ mySubscriptions(subscriberId: "user:alice") { id } }`)).mySubscriptions).toEqual([]);
});
