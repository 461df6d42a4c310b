import { randomUUID } from 'node:crypto';
import { authorise } from '../access/authorise';
import { unreadableAmong } from '../access/read-access';
import { recordAudit } from '../audit/record-audit';
import { MnemoError, notFound } from '../platform/errors';
import type { GraphDatabase, Row, WriteTransaction } from '../platform/neo4j';
import { currentPrincipal } from '../platform/request-context';
import { InputCheck, LIMITS } from '../platform/validation';
import { notificationsRepository } from './notifications.repository';
import { newEndpointSecret } from './webhook-signature';

const FORMATS = ['JSON', 'SLACK'];
const SCOPES = ['ENTITY', 'DOWNSTREAM_OF_OWNED'];
const INBOX_MAX = 200;

/**
 * Subscriptions, webhook endpoints and the inbox of a user or team. Each write is one command:
 * plan (one read) → authorise on the subscriber or owner (SELF: the caller's own user, or an org
 * ADMIN, who also manages teams') → write → audit.
 */
export class NotificationService {
  constructor(private readonly db: GraphDatabase) {}

  async subscribe(
    actor: string,
    input: { subjectId?: string | null; scope: string; subscriberId?: string | null },
  ): Promise<Row> {
    const check = new InputCheck('subscription');
    const subscriberId = whoFor(check, 'subscriberId', input.subscriberId);
    if (!SCOPES.includes(input.scope)) check.fail('scope', `must be one of ${SCOPES.join(', ')}`);
    const subjectId = input.subjectId ? check.text('subjectId', input.subjectId, 300) : null;
    if (input.scope === 'ENTITY' && !subjectId) check.fail('subjectId', 'is required for an ENTITY subscription');
    if (input.scope === 'DOWNSTREAM_OF_OWNED' && subjectId) {
      check.fail('subjectId', 'is not taken by DOWNSTREAM_OF_OWNED (it follows what the subscriber owns)');
    }
    check.done();
    return this.db.write(async (tx) => {
      const plan = await notificationsRepository.planSubscription(tx, subscriberId, subjectId, input.scope);
      const subscriberKind = requireMember(plan?.subscriberKind, subscriberId, 'subscriberId');
      await authorise(tx, actor, [
        { action: 'subscription.created', entityId: subscriberId, entityKind: subscriberKind, projectId: null },
      ]);
      // One may follow only what one may read: anything else is answered as if it did not exist.
      if (subjectId && (!plan.subjectId || (await unreadableAmong(tx, [subjectId])).size > 0)) {
        throw notFound('entity', subjectId);
      }
      if (plan.existing) return plan.existing;
      const subscription = await notificationsRepository.subscribe(tx, {
        id: `subscription:${randomUUID()}`,
        subscriberId,
        scope: input.scope,
        subjectId,
        createdBy: actor,
      });
      await recordAudit(tx, actor, {
        action: 'subscription.created',
        entityId: subscriberId,
        entityKind: subscriberKind,
        after: subscription,
      });
      return subscription;
    });
  }

  async unsubscribe(actor: string, id: string): Promise<Row> {
    const check = new InputCheck('subscription');
    check.id('id', id, 'subscription');
    check.done();
    return this.db.write(async (tx) => {
      const stored = await notificationsRepository.subscription(tx, id);
      if (!stored) throw notFound('subscription', id);
      const subscriberId = String(stored.subscriberId);
      await authorise(tx, actor, [
        { action: 'subscription.removed', entityId: subscriberId, entityKind: kindOf(subscriberId), projectId: null },
      ]);
      if (stored.removedAt) return stored; // already ended: nothing changes
      const removed = (await notificationsRepository.unsubscribe(tx, id, actor))!;
      await recordAudit(tx, actor, {
        action: 'subscription.removed',
        entityId: subscriberId,
        entityKind: kindOf(subscriberId),
        before: stored,
        after: removed,
      });
      return removed;
    });
  }

  async subscriptions(subscriberId?: string | null): Promise<Row[]> {
    const who = await this.readableWho('subscriberId', subscriberId);
    return (await notificationsRepository.subscriptionsOf(this.db, [who])).get(who) ?? [];
  }

  async registerEndpoint(
    actor: string,
    input: { url: string; format: string; ownerId?: string | null; description?: string | null },
  ): Promise<{ endpoint: Row; secret: string }> {
    const check = new InputCheck('webhook endpoint');
    const ownerId = whoFor(check, 'ownerId', input.ownerId);
    const url = check.text('url', input.url, LIMITS.uri);
    if (url && !isHttpUrl(url)) check.fail('url', `must be an http or https URL; got "${url}"`);
    if (!FORMATS.includes(input.format)) check.fail('format', `must be one of ${FORMATS.join(', ')}`);
    const description = check.optionalText('description', input.description, LIMITS.description) ?? null;
    check.done();
    return this.db.write(async (tx) => {
      const ownerKind = await this.requireOwner(tx, actor, ownerId, 'webhook-endpoint.registered');
      const secret = newEndpointSecret();
      const endpoint = await notificationsRepository.registerEndpoint(tx, {
        id: `webhook:${randomUUID()}`,
        ownerId,
        url,
        format: input.format,
        description,
        secret,
        createdBy: actor,
      });
      await recordAudit(tx, actor, {
        action: 'webhook-endpoint.registered',
        entityId: ownerId,
        entityKind: ownerKind,
        after: endpoint, // the secret is not in it: an audit trail is read by many
      });
      return { endpoint, secret };
    });
  }

  async setEndpointEnabled(actor: string, id: string, enabled: boolean): Promise<Row> {
    const check = new InputCheck('webhook endpoint');
    check.id('id', id, 'webhook');
    check.done();
    return this.db.write(async (tx) => {
      const stored = await notificationsRepository.endpoint(tx, id);
      if (!stored) throw notFound('webhook endpoint', id);
      const ownerId = String(stored.ownerId);
      const action = 'webhook-endpoint.enabled-set';
      await authorise(tx, actor, [{ action, entityId: ownerId, entityKind: kindOf(ownerId), projectId: null }]);
      if (stored.enabled === enabled) return stored;
      const endpoint = await notificationsRepository.setEndpointEnabled(tx, id, enabled, actor);
      await recordAudit(tx, actor, {
        action,
        entityId: ownerId,
        entityKind: kindOf(ownerId),
        before: { endpointId: id, enabled: stored.enabled, disabledReason: stored.disabledReason ?? null },
        after: { endpointId: id, enabled },
      });
      return endpoint;
    });
  }

  async endpoints(ownerId?: string | null): Promise<Row[]> {
    const who = await this.readableWho('ownerId', ownerId);
    return (await notificationsRepository.endpointsOf(this.db, [who])).get(who) ?? [];
  }

  async inbox(userId: string | null | undefined, unreadOnly: boolean, first: number) {
    const who = await this.readableWho('userId', userId, 'user');
    const check = new InputCheck('inbox');
    const limit = check.number('first', first, { integer: true, min: 1 }) ?? 50;
    if (limit > INBOX_MAX) check.fail('first', `is at most ${INBOX_MAX}`);
    check.done();
    return notificationsRepository.inbox(this.db, who, unreadOnly, limit);
  }

  /** Marks a user's notifications read (the ones named, or all); answers how many were newly marked. */
  async markRead(actor: string, userId: string | null | undefined, idsGiven: string[] | null | undefined) {
    const check = new InputCheck('notifications');
    const who = whoFor(check, 'userId', userId, 'user');
    const ids = idsGiven ? check.list('ids', idsGiven).map((id, i) => check.id(`ids[${i}]`, id, 'notification')) : null;
    check.done();
    return this.db.write(async (tx) => {
      const action = 'notification.read';
      await this.requireOwner(tx, actor, who, action);
      const marked = await notificationsRepository.markRead(tx, who, ids);
      // Recorded even when nothing was unread: reading is the one write here that may change nothing.
      await recordAudit(tx, actor, { action, entityId: who, entityKind: 'User', after: { ids, marked } });
      return marked;
    });
  }

  /** The user or team exists (else NOT_FOUND) and the caller may act for it: the authorise step. */
  private async requireOwner(tx: WriteTransaction, actor: string, ownerId: string, action: string) {
    const plan = await notificationsRepository.planSubscription(tx, ownerId, null, '');
    const kind = requireMember(plan?.subscriberKind, ownerId, 'ownerId');
    await authorise(tx, actor, [{ action, entityId: ownerId, entityKind: kind, projectId: null }]);
    return kind;
  }

  /**
   * Whose subscriptions, endpoints or inbox a read is about: the caller's own (anyone signed in),
   * or another user's or a team's for an org AUDITOR or ADMIN (or with authentication off).
   */
  private async readableWho(field: string, given: string | null | undefined, ...prefixes: string[]): Promise<string> {
    const check = new InputCheck('notifications');
    const who = whoFor(check, field, given, ...prefixes);
    check.done();
    const principal = currentPrincipal();
    if (principal?.mode !== 'on' || principal.userId === who || principal.orgRoles.length > 0) return who;
    throw new MnemoError('FORBIDDEN', `${principal.actor} may read only its own notifications, not ${who}'s.`);
  }
}

/** The user or team a call is about: the one named, else the caller's own user. */
function whoFor(check: InputCheck, field: string, given: string | null | undefined, ...prefixes: string[]): string {
  const kinds = prefixes.length ? prefixes : ['user', 'team'];
  if (given) return check.id(field, given, ...kinds);
  const principal = currentPrincipal();
  if (principal?.mode === 'on') {
    if (principal.userId) return principal.userId;
    throw new MnemoError(
      'UNAUTHENTICATED',
      'Notifications belong to users: send a token (Authorization: Bearer <secret>).',
    );
  }
  const actor = principal?.actor ?? '';
  if (actor.startsWith('user:')) return actor;
  check.fail(field, 'is required when the caller is not a user (authentication is off)');
  return '';
}

function requireMember(kind: string | null | undefined, id: string, field: string): string {
  if (kind) return kind;
  throw new MnemoError('NOT_FOUND', `No user or team with id "${id}".`, { id, field });
}

const kindOf = (id: string) => (id.startsWith('team:') ? 'Team' : 'User');

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
