import { randomUUID } from 'node:crypto';
import type { WriteTransaction } from '../platform/neo4j';
import { currentPrincipal, currentRequestId } from '../platform/request-context';
import { collectUntilCommit } from '../platform/unit-of-work';
import { notificationsRepository, type OutboxNotification } from './notifications.repository';

/** What happened, as a notification and a webhook's `event` name it. */
export type NotificationEvent =
  | 'dataset.schema-changed'
  | 'dataset.drift-flagged'
  | 'dataset.quality-check-failed'
  | 'model.promoted'
  | 'model.promotion-blocked'
  | 'migration.planned'
  | (string & {});

/** A change worth telling people about; who is told is decided when the command commits. */
export interface NotificationIntent {
  event: NotificationEvent;
  /** The entity the notification is about (a dataset version, a model version...). */
  subjectId: string;
  /** One line a person reads in the inbox or Slack. */
  message: string;
  /** The owners of everything downstream of these are told (a Dataset or Model stands for its versions). */
  downstreamOf?: string[];
  /** Users or teams told outright, each with the path (ids) that says why it concerns them. */
  recipients?: { id: string; whyPath: string[] }[];
  /** Machine-readable facts carried in the webhook body (columns changed, failed gates...). */
  details?: Record<string, unknown>;
}

interface Collected extends NotificationIntent {
  key: string;
  actor: string;
  requestId: string | null;
}

/**
 * Writes notifications to the outbox in the transaction of the change that caused them: collected
 * during the command and written just before it commits (so a refused or rolled-back command
 * leaves none, and a committed one never loses its own). Subscribers to the subject, its parent or
 * its project, and those subscribed to what is downstream of what they own, are added to the
 * intent's recipients; anyone who may not read the subject is left out.
 */
export async function notify(tx: WriteTransaction, actor: string, intent: NotificationIntent): Promise<void> {
  const collected: Collected = { ...intent, key: randomUUID(), actor, requestId: currentRequestId() };
  if (!collectUntilCommit('notifications', collected, (all) => writeNotifications(tx, all))) {
    await writeNotifications(tx, [collected]);
  }
}

/**
 * The entry point for telling named owners about a subject, each with the path that explains why
 * (e.g. a planned migration's blast radius: owner ← deployment ← model version ← dataset version).
 * Call it inside the command that makes the change; owners who may not read the subject are not told.
 */
export function notifyOwners(
  tx: WriteTransaction,
  actor: string,
  notice: { event: NotificationEvent; subjectId: string; message: string; details?: Record<string, unknown> },
  owners: { ownerId: string; whyPath: string[] }[],
): Promise<void> {
  return notify(tx, actor, {
    ...notice,
    recipients: owners.map((owner) => ({ id: owner.ownerId, whyPath: owner.whyPath })),
  });
}

async function writeNotifications(tx: WriteTransaction, intents: Collected[]): Promise<void> {
  // Authentication off: every caller reads everything, so nobody is left out for want of a role.
  const readAll = currentPrincipal()?.mode === 'off';
  const rows = await notificationsRepository.recipients(
    tx,
    intents.map((intent) => ({
      key: intent.key,
      subjectId: intent.subjectId,
      downstreamOf: intent.downstreamOf ?? [],
      recipients: intent.recipients ?? [],
    })),
    readAll,
  );
  const byKey = new Map(intents.map((intent) => [intent.key, intent]));
  // One notification per recipient and intent: the first reason found (named, then owner, then subscriber).
  const told = new Map<string, OutboxNotification>();
  for (const row of rows) {
    const intent = byKey.get(row.key)!;
    const once = `${row.key} ${row.recipientId}`;
    if (told.has(once)) continue;
    told.set(once, {
      id: `notification:${randomUUID()}`,
      recipientId: row.recipientId,
      subjectId: intent.subjectId,
      subjectKind: row.subjectKind,
      subjectName: row.subjectName,
      projectId: row.projectId,
      event: intent.event,
      reason: row.reason,
      whyPath: row.whyPath,
      message: intent.message,
      details: intent.details ? JSON.stringify(intent.details) : null,
      actor: intent.actor,
      requestId: intent.requestId,
    });
  }
  if (told.size > 0) await notificationsRepository.writeOutbox(tx, [...told.values()]);
}
