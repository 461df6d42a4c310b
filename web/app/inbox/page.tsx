import { Suspense } from 'react';
import { InboxPage } from '../../components/notifications/InboxPage';

export default function Inbox() {
  return (
    <Suspense fallback={<p className="state">Loading your inbox…</p>}>
      <InboxPage />
    </Suspense>
  );
}
