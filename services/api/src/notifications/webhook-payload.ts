import type { ClaimedDelivery } from './notifications.repository';

/** Where links in a webhook point: the explorer (MNEMO_EXPLORER_URL, else the local one). */
export const explorerUrl = (env: NodeJS.ProcessEnv = process.env) =>
  (env.MNEMO_EXPLORER_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');

const entityLink = (base: string, id: string) => `${base}/n/${encodeURIComponent(id)}`;

/**
 * The body of one delivery: Mnemo's JSON (event, subject, why-path, links into the explorer), or
 * for a SLACK endpoint a Slack-compatible message (`text` plus `blocks`), which Slack's incoming
 * webhooks and most chat tools accept as is.
 */
export function deliveryBody({ delivery, notification, endpoint }: ClaimedDelivery, base = explorerUrl()): string {
  const whyPath = notification.whyPath ?? [];
  const links = {
    subject: entityLink(base, notification.subjectId),
    whyPath: whyPath.map((id) => entityLink(base, id)),
    inbox: `${base}/inbox`,
  };
  if (endpoint.format === 'SLACK') {
    const why = whyPath.length > 1 ? `\nWhy you: ${whyPath.join(' → ')}` : '';
    const text = `${notification.message}${why}\n<${links.subject}|Open ${notification.subjectId} in Mnemo>`;
    return JSON.stringify({
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${notification.event}*: ${notification.message}` } },
        ...(why ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: why.trim() }] }] : []),
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Mnemo' }, url: links.subject }],
        },
      ],
    });
  }
  return JSON.stringify({
    id: delivery.id,
    sequence: delivery.seq,
    event: notification.event,
    occurredAt: notification.createdAt,
    message: notification.message,
    subject: {
      id: notification.subjectId,
      kind: notification.subjectKind,
      name: notification.subjectName,
      projectId: notification.projectId ?? null,
    },
    recipient: notification.recipientId,
    reason: notification.reason,
    whyPath,
    details: notification.details ? JSON.parse(String(notification.details)) : null,
    actor: notification.actor,
    links,
  });
}
