import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { GraphDatabase } from '../platform/neo4j';
import { notificationsRepository, type ClaimedDelivery, type SettleOutcome } from './notifications.repository';
import { deliveryBody } from './webhook-payload';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature, TIMESTAMP_HEADER } from './webhook-signature';

/** The dispatcher's timings and limits, from the environment (docs/operations.md). */
export interface DispatcherSettings {
  /** MNEMO_WEBHOOKS=off: this replica sends nothing (deliveries wait in the outbox for another). */
  enabled: boolean;
  /** MNEMO_WEBHOOK_POLL_MS: how often the outbox is looked at when idle. */
  pollMs: number;
  /** MNEMO_WEBHOOK_TIMEOUT_MS: how long a receiver has to answer before the attempt counts as failed. */
  timeoutMs: number;
  /** MNEMO_WEBHOOK_RETRY_BASE_MS and _MAX_MS: the wait after failed attempt n is base × 2^(n-1), at most max. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** MNEMO_WEBHOOK_MAX_ATTEMPTS: a delivery is given up after this many failed attempts. */
  maxAttempts: number;
  /** MNEMO_WEBHOOK_DISABLE_AFTER: an endpoint is disabled after this many consecutive failed attempts. */
  disableAfter: number;
  /**
   * MNEMO_OUTBOX_RETENTION_DAYS: settled deliveries (and their attempts) older than this many days
   * leave the delivery log; 0 keeps them forever.
   */
  retentionDays: number;
}

export function readDispatcherSettings(env: NodeJS.ProcessEnv = process.env): DispatcherSettings {
  const whole = (name: string, fallback: number, least = 1) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < least)
      throw new Error(`${name} must be a whole number from ${least}; got "${value}".`);
    return parsed;
  };
  return {
    enabled: env.MNEMO_WEBHOOKS !== 'off',
    pollMs: whole('MNEMO_WEBHOOK_POLL_MS', 1_000),
    timeoutMs: whole('MNEMO_WEBHOOK_TIMEOUT_MS', 10_000),
    retryBaseMs: whole('MNEMO_WEBHOOK_RETRY_BASE_MS', 5_000),
    retryMaxMs: whole('MNEMO_WEBHOOK_RETRY_MAX_MS', 3_600_000),
    maxAttempts: whole('MNEMO_WEBHOOK_MAX_ATTEMPTS', 8),
    disableAfter: whole('MNEMO_WEBHOOK_DISABLE_AFTER', 10),
    retentionDays: whole('MNEMO_OUTBOX_RETENTION_DAYS', 30, 0),
  };
}

/** How many endpoints one pass serves at once. */
const ENDPOINTS_PER_PASS = 16;
/** How often a replica sweeps the delivery log (one sweep deletes at most 5,000 deliveries). */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Sends the outbox's deliveries to their webhook endpoints, in every api replica at once without a
 * lock in the process: each claim is a transaction of its own that takes the endpoint's write lock
 * and leases the endpoint (notifications/claim-delivery.cypher), so a delivery is claimed by one
 * replica only and an endpoint's deliveries go one at a time, in order. A replica that dies
 * mid-send loses its lease after timeout + 5 s, and another sends the delivery again (receivers
 * tell repeats by the x-mnemo-delivery header).
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = false;
  /** The first sweep comes one interval after the start, not with it. */
  private sweptAt = Date.now();
  readonly claimer = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: GraphDatabase,
    private readonly settings: DispatcherSettings,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  start(): this {
    if (this.settings.enabled) this.schedule(0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass over the endpoints with due deliveries; answers how many attempts it made. */
  async runOnce(): Promise<number> {
    const endpointIds = await notificationsRepository.dueEndpoints(this.db, ENDPOINTS_PER_PASS);
    const attempts = await Promise.all(endpointIds.map((id) => this.drain(id)));
    return attempts.reduce((sum, n) => sum + n, 0);
  }

  /**
   * Deletes settled deliveries past the retention (MNEMO_OUTBOX_RETENTION_DAYS) with their attempts;
   * answers how many. Replicas sweeping at once take turns on the sweep's marker.
   */
  async sweepOnce(): Promise<number> {
    if (this.settings.retentionDays === 0) return 0;
    return this.db.write((tx) => notificationsRepository.sweepDeliveries(tx, this.settings.retentionDays));
  }

  private schedule(delay: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.passOnce()
        .catch((error) => this.log(`webhook dispatcher: ${error instanceof Error ? error.message : error}`))
        .then(() => this.schedule(this.settings.pollMs));
    }, delay);
  }

  /** One pass of the loop: the due deliveries, and the delivery log's sweep when its time has come. */
  private async passOnce(): Promise<void> {
    await this.runOnce();
    if (Date.now() - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = Date.now();
    const deleted = await this.sweepOnce();
    if (deleted > 0) this.log(`webhook dispatcher: ${deleted} settled deliveries past the retention deleted`);
  }

  /** Sends an endpoint's due deliveries one after another while this replica can claim them. */
  private async drain(endpointId: string): Promise<number> {
    let attempts = 0;
    while (!this.stopped) {
      const leaseMs = this.settings.timeoutMs + 5_000;
      const claimed = await this.db.write((tx) => notificationsRepository.claim(tx, endpointId, this.claimer, leaseMs));
      if (!claimed) break;
      attempts++;
      const { statusCode, error } = await this.send(claimed);
      await this.settle(claimed, statusCode, error);
    }
    return attempts;
  }

  private async send(claimed: ClaimedDelivery): Promise<{ statusCode: number | null; error: string | null }> {
    const body = deliveryBody(claimed);
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(claimed.endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Mnemo-Webhooks/1',
          [EVENT_HEADER]: claimed.notification.event,
          [DELIVERY_HEADER]: claimed.delivery.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signature(claimed.endpoint.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const reason = timedOut ? `no answer within ${this.settings.timeoutMs} ms` : describe(error);
      return { statusCode: null, error: reason };
    }
  }

  private async settle(claimed: ClaimedDelivery, statusCode: number | null, error: string | null) {
    const { attempts } = claimed.delivery;
    const outcome: SettleOutcome =
      statusCode !== null && statusCode >= 200 && statusCode < 300
        ? 'DELIVERED'
        : attempts >= this.settings.maxAttempts
          ? 'GAVE_UP'
          : 'RETRY';
    const retryInMs = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (attempts - 1));
    const settled = await this.db.write((tx) =>
      notificationsRepository.settle(tx, {
        id: claimed.delivery.id,
        claimer: this.claimer,
        statusCode,
        error,
        outcome,
        retryInMs: outcome === 'RETRY' ? retryInMs : 0,
        disableAfter: this.settings.disableAfter,
      }),
    );
    if (settled?.disabled) this.log(`webhook endpoint ${claimed.endpoint.id} ${settled.disabledReason}`);
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
