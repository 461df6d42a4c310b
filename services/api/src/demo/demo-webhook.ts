import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Services } from '../context';

/** Where `npm start`'s local receiver listens (scripts/webhook-receiver.mjs prints what it gets). */
export const demoWebhookUrl = (env: NodeJS.ProcessEnv = process.env) =>
  env.MNEMO_DEMO_WEBHOOK_URL || `http://127.0.0.1:${env.MNEMO_DEMO_WEBHOOK_PORT || '4010'}/mnemo`;

/**
 * The demo's webhook: team risk-data follows everything downstream of what it owns, delivered to a
 * receiver on this machine. Registered before the projects load, so their schema change, drift and
 * promotions reach it. The endpoint's secret goes to MNEMO_DEMO_WEBHOOK_SECRET_FILE when set (npm
 * start sets it, for the receiver to verify signatures), never to the log.
 */
export async function registerDemoWebhook(services: Services, actor: string): Promise<void> {
  const { notifications } = services;
  await notifications.subscribe(actor, { scope: 'DOWNSTREAM_OF_OWNED', subscriberId: 'team:risk-data' });
  const { secret } = await notifications.registerEndpoint(actor, {
    url: demoWebhookUrl(),
    format: 'JSON',
    ownerId: 'team:risk-data',
    description: 'The demo receiver npm start runs on 127.0.0.1',
  });
  const file = process.env.MNEMO_DEMO_WEBHOOK_SECRET_FILE;
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
