import type { Queryable, Row, WriteTransaction } from '../platform/neo4j';

/** How far the fan-out looks downstream (owners to tell) and upstream (what a subscriber owns). */
export const FAN_OUT_DEPTH = 8;

export interface RecipientRow {
  key: string;
  subjectKind: string;
  subjectName: string;
  projectId: string | null;
  recipientId: string;
  reason: string;
  whyPath: string[];
}

export interface OutboxNotification {
  id: string;
  recipientId: string;
  subjectId: string;
  subjectKind: string;
  subjectName: string;
  projectId: string | null;
  event: string;
  reason: string;
  whyPath: string[];
  message: string;
  details: string | null;
  actor: string;
  requestId: string | null;
}

export interface ClaimedDelivery {
  delivery: Row & { id: string; seq: number; attempts: number };
  notification: Row & { id: string; event: string; subjectId: string; whyPath: string[] };
  endpoint: Row & { id: string; url: string; format: string; secret: string; ownerId: string };
}

export type SettleOutcome = 'DELIVERED' | 'RETRY' | 'GAVE_UP';

export const notificationsRepository = {
  async recipients(
    tx: Queryable,
    intents: {
      key: string;
      subjectId: string;
      downstreamOf: string[];
      recipients: { id: string; whyPath: string[] }[];
    }[],
    readAll: boolean,
  ): Promise<RecipientRow[]> {
    return tx.query<RecipientRow>('notifications/recipients', { intents, readAll }, { maxDepth: FAN_OUT_DEPTH });
  },

  async writeOutbox(tx: WriteTransaction, notifications: OutboxNotification[]): Promise<void> {
    await tx.query('notifications/write-outbox', { notifications });
  },

  async planSubscription(tx: Queryable, subscriberId: string, subjectId: string | null, scope: string) {
    const [row] = await tx.query<{
      subscriberId: string | null;
      subscriberKind: string | null;
      subjectId: string | null;
      subjectKind: string | null;
      existing: Row | null;
    }>('notifications/plan-subscription', { subscriberId, subjectId, scope });
    return row;
  },

  async subscribe(tx: WriteTransaction, props: Row): Promise<Row> {
    const [row] = await tx.query<{ subscription: Row }>('notifications/subscribe', { props });
    return row.subscription;
  },

  async subscription(tx: Queryable, id: string): Promise<Row | null> {
    const [row] = await tx.query<{ subscription: Row }>('notifications/subscription', { id });
    return row?.subscription ?? null;
  },

  async unsubscribe(tx: WriteTransaction, id: string, actor: string): Promise<Row | null> {
    const [row] = await tx.query<{ subscription: Row }>('notifications/unsubscribe', { id, actor });
    return row?.subscription ?? null;
  },

  async subscriptionsOf(db: Queryable, subscriberIds: string[]): Promise<Map<string, Row[]>> {
    const rows = await db.query<{ subscriberId: string; subscriptions: Row[] }>('notifications/subscriptions-of', {
      subscriberIds,
    });
    return new Map(rows.map((row) => [row.subscriberId, row.subscriptions]));
  },

  async registerEndpoint(tx: WriteTransaction, props: Row): Promise<Row> {
    const [row] = await tx.query<{ endpoint: Row }>('notifications/register-endpoint', { props });
    return row.endpoint;
  },

  async endpoint(db: Queryable, id: string): Promise<Row | null> {
    const [row] = await db.query<{ endpoint: Row }>('notifications/endpoint', { id });
    return row?.endpoint ?? null;
  },

  async endpointsOf(db: Queryable, ownerIds: string[]): Promise<Map<string, Row[]>> {
    const rows = await db.query<{ ownerId: string; endpoints: Row[] }>('notifications/endpoints-of', { ownerIds });
    return new Map(rows.map((row) => [row.ownerId, row.endpoints]));
  },

  async setEndpointEnabled(tx: WriteTransaction, id: string, enabled: boolean, actor: string): Promise<Row> {
    const [row] = await tx.query<{ endpoint: Row }>('notifications/set-endpoint-enabled', { id, enabled, actor });
    return row.endpoint;
  },

  async deliveryLog(db: Queryable, endpointIds: string[], limit: number): Promise<Map<string, Row[]>> {
    const rows = await db.query<{ endpointId: string; deliveries: Row[] }>('notifications/delivery-log', {
      endpointIds,
      limit,
    });
    return new Map(rows.map((row) => [row.endpointId, row.deliveries]));
  },

  async inbox(db: Queryable, userId: string, unreadOnly: boolean, limit: number) {
    const [row] = await db.query<{ notifications: Row[]; unreadCount: number }>('notifications/inbox', {
      userId,
      unreadOnly,
      limit,
    });
    return row ?? { notifications: [], unreadCount: 0 };
  },

  async markRead(tx: WriteTransaction, userId: string, ids: string[] | null): Promise<number> {
    const [row] = await tx.query<{ marked: number }>('notifications/mark-read', { userId, ids });
    return row?.marked ?? 0;
  },

  // The dispatcher's queries: each claim and each outcome in a transaction of its own.

  /** Deletes settled deliveries older than the retention, with their attempts (notifications/sweep-deliveries.cypher). */
  async sweepDeliveries(tx: WriteTransaction, retentionDays: number): Promise<number> {
    const [row] = await tx.query<{ deleted: number }>('notifications/sweep-deliveries', { retentionDays });
    return row?.deleted ?? 0;
  },

  async dueEndpoints(db: Queryable, limit: number): Promise<string[]> {
    return (await db.query<{ id: string }>('notifications/due-endpoints', { limit })).map((row) => row.id);
  },

  async claim(tx: WriteTransaction, id: string, claimer: string, leaseMs: number): Promise<ClaimedDelivery | null> {
    if ((await tx.query('notifications/lock-endpoint', { id })).length === 0) return null;
    const [row] = await tx.query<ClaimedDelivery>('notifications/claim-delivery', { id, claimer, leaseMs });
    return row ?? null;
  },

  async settle(
    tx: WriteTransaction,
    settled: {
      id: string;
      claimer: string;
      statusCode: number | null;
      error: string | null;
      outcome: SettleOutcome;
      retryInMs: number;
      disableAfter: number;
    },
  ): Promise<{ status: string; disabled: boolean; disabledReason: string | null } | null> {
    const [row] = await tx.query<{ status: string; disabled: boolean; disabledReason: string | null }>(
      'notifications/settle-delivery',
      settled,
    );
    return row ?? null;
  },
};
