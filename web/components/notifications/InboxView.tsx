'use client';
import Link from 'next/link';
import { useState } from 'react';
import { formatTime, plural } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { INBOX_CHANGED, INBOX_QUERY, MARK_READ, reasonSentence } from '../../lib/notifications';
import { entityHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

/** The caller's notifications, newest first, each with why it concerns them; marked read one by one or all. */
export function InboxView() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [version, setVersion] = useState(0);
  const state = useQuery(INBOX_QUERY, { unreadOnly }, false, version);
  const [failure, setFailure] = useState<string | null>(null);
  const markRead = async (ids: string[] | null) => {
    setFailure(null);
    try {
      await graphql(MARK_READ, { ids });
      setVersion((n) => n + 1);
      window.dispatchEvent(new Event(INBOX_CHANGED));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <section aria-label="Notifications">
      <h2>Notifications</h2>
      <label>
        <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} /> Unread
        only
      </label>
      {failure && (
        <p className="state state-error" role="alert">
          Could not mark them read: {failure}
        </p>
      )}
      <DataState
        state={state}
        what="your notifications"
        isEmpty={(data) => data.inbox.notifications.length === 0}
        empty={
          <p>
            {unreadOnly ? 'Nothing unread.' : 'No notifications yet. Subscribe to a dataset or model from its page.'}
          </p>
        }
      >
        {({ inbox }) => (
          <>
            <p role="status">
              {plural(inbox.unreadCount, 'unread notification')}{' '}
              {inbox.unreadCount > 0 && (
                <button type="button" onClick={() => void markRead(null)}>
                  Mark all read
                </button>
              )}
            </p>
            <ul className="notification-list">
              {inbox.notifications.map((note) => (
                <li key={note.id} className={note.read ? 'notification' : 'notification unread'}>
                  <p>
                    <strong>{note.event}</strong> on <EntityLink id={note.subjectId} /> · {formatTime(note.createdAt)}
                    {!note.read && <span className="unread-badge">new</span>}
                  </p>
                  <p>{note.message}</p>
                  <p className="session-actor">
                    {reasonSentence(note)}
                    {note.whyPath.length > 1 && (
                      <>
                        {' '}
                        Why:{' '}
                        {note.whyPath.map((id, i) => (
                          <span key={id}>
                            {i > 0 && ' → '}
                            <EntityLink id={id} />
                          </span>
                        ))}
                      </>
                    )}
                  </p>
                  {!note.read && (
                    <button type="button" onClick={() => void markRead([note.id])}>
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </DataState>
    </section>
  );
}

const EntityLink = ({ id }: { id: string }) => (
  <Link className="mono" href={entityHref(id)}>
    {id}
  </Link>
);
