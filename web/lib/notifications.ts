import { gql } from './gql';
import type { InboxNotificationFieldsFragment, SubscribeMutation, WebhookEndpointsQuery } from './gql/graphql';

/** The inbox, subscriptions and webhook endpoints: what the explorer reads and writes. */
export const NOTIFICATION_FIELDS = gql(`
  fragment InboxNotificationFields on Notification {
    id event message subjectId subjectName reason whyPath recipientId actor createdAt read
  }
`);

export const INBOX_QUERY = gql(`
  query Inbox($unreadOnly: Boolean!) {
    inbox(unreadOnly: $unreadOnly, first: 100) { unreadCount notifications { ...InboxNotificationFields } }
  }
`);

export const UNREAD_COUNT_QUERY = gql(`query UnreadCount { inbox(unreadOnly: true, first: 1) { unreadCount } }`);

export const MARK_READ = gql(`mutation MarkRead($ids: [ID!]) { markNotificationsRead(ids: $ids) }`);

export const SUBSCRIPTIONS_QUERY = gql(`query MySubscriptions { mySubscriptions { id scope subjectId } }`);
export const SUBSCRIBE = gql(
  `mutation Subscribe($subjectId: ID!) { subscribe(input: { subjectId: $subjectId }) { id scope subjectId } }`,
);
export const UNSUBSCRIBE = gql(`mutation Unsubscribe($id: ID!) { unsubscribe(id: $id) { id } }`);

export const ENDPOINTS_QUERY = gql(`
  query WebhookEndpoints($ownerId: ID) {
    webhookEndpoints(ownerId: $ownerId) {
      id url format enabled consecutiveFailures disabledReason
      deliveries(first: 10) {
        id seq status attempts event subjectId lastStatusCode lastError createdAt deliveredAt
        attemptLog { number at statusCode error outcome endpointDisabled }
      }
    }
  }
`);

/** Fired after the inbox changes here (marked read), so the header's unread badge asks again. */
export const INBOX_CHANGED = 'mnemo:inbox-changed';

export type InboxNotification = InboxNotificationFieldsFragment;

export type Subscription = SubscribeMutation['subscribe'];

export type DeliveryAttempt = WebhookDelivery['attemptLog'][number];

export type WebhookDelivery = WebhookEndpoint['deliveries'][number];

export type WebhookEndpoint = WebhookEndpointsQuery['webhookEndpoints'][number];

/** Why a notification reached its reader, in words. */
export function reasonSentence(notification: InboxNotification): string {
  const to = notification.recipientId.startsWith('team:') ? `your team ${notification.recipientId}` : 'you';
  switch (notification.reason) {
    case 'OWNS_DOWNSTREAM':
      return `Sent to ${to}: you own something downstream of it.`;
    case 'SUBSCRIBED':
      return `Sent to ${to}: subscribed.`;
    case 'SUBSCRIBED_DOWNSTREAM':
      return `Sent to ${to}: it is downstream of something ${to === 'you' ? 'you own' : 'it owns'}.`;
    default:
      return `Sent to ${to}.`;
  }
}

/** One attempt in words: the status code, or what went wrong. */
export function attemptSentence(attempt: DeliveryAttempt): string {
  const answer = attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : (attempt.error ?? 'no answer');
  const next = attempt.outcome === 'RETRY' ? ', retried' : attempt.outcome === 'GAVE_UP' ? ', given up' : '';
  return `#${attempt.number}: ${answer}${next}${attempt.endpointDisabled ? ' — endpoint disabled' : ''}`;
}
