'use client';
import { useSearchParams } from 'next/navigation';
import { InboxView } from './InboxView';
import { WebhookEndpoints } from './WebhookEndpoints';

/** The caller's inbox and webhook endpoints; `?of=<user or team>` shows another's endpoints (org admins, auditors). */
export function InboxPage() {
  const of = useSearchParams().get('of');
  return (
    <article>
      <h1>Inbox</h1>
      <p className="subtitle">
        What changed upstream of what you own or follow: schema changes, drift, failed data-quality checks and
        promotions.
      </p>
      <div className="grid-main-side">
        <InboxView />
        <WebhookEndpoints ownerId={of} />
      </div>
    </article>
  );
}
