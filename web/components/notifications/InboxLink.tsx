'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { graphql } from '../../lib/graphql';
import { INBOX_CHANGED, UNREAD_COUNT_QUERY } from '../../lib/notifications';

/**
 * The header's way to the inbox, with the unread count as a badge. Asked again on every page and
 * whenever the inbox changes here; said nothing about when the count cannot be read.
 */
export function InboxLink() {
  const pathname = usePathname();
  const [unread, setUnread] = useState<number | null>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    const again = () => setAsked((n) => n + 1);
    window.addEventListener(INBOX_CHANGED, again);
    return () => window.removeEventListener(INBOX_CHANGED, again);
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    graphql(UNREAD_COUNT_QUERY, {}, controller.signal).then(
      (data) => setUnread(data.inbox.unreadCount),
      () => !controller.signal.aborted && setUnread(null),
    );
    return () => controller.abort();
  }, [pathname, asked]);
  // Its name is what it shows, then "unread" for screen readers ("Inbox 3 unread"): a name that
  // differed from the visible text failed axe's label-content-name-mismatch (WCAG 2.5.3).
  return (
    <Link href="/inbox" className="inbox-link">
      Inbox
      {unread ? (
        <>
          {' '}
          <span className="unread-badge">{unread > 99 ? '99+' : unread}</span>
          <span className="visually-hidden"> unread</span>
        </>
      ) : null}
    </Link>
  );
}
