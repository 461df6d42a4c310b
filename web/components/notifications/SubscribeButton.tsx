'use client';
import { useState } from 'react';
import { graphql } from '../../lib/graphql';
import { SUBSCRIBE, SUBSCRIPTIONS_QUERY, UNSUBSCRIBE } from '../../lib/notifications';
import { useQuery } from '../../lib/use-query';

/** Subscribe to (or unsubscribe from) what happens to this entity and its versions; the inbox shows it. */
export function SubscribeButton({ entityId }: { entityId: string }) {
  const [version, setVersion] = useState(0);
  const state = useQuery(SUBSCRIPTIONS_QUERY, {}, false, version);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (state.status === 'loading') return <p role="status">Loading your subscription…</p>;
  // Not signed in, or no user to subscribe (auth off without one): nothing to offer here.
  if (state.status === 'error') return null;
  const current = state.data.mySubscriptions.find((s) => s.scope === 'ENTITY' && s.subjectId === entityId);
  const toggle = async () => {
    setBusy(true);
    setFailure(null);
    try {
      if (current) await graphql(UNSUBSCRIBE, { id: current.id });
      else await graphql(SUBSCRIBE, { subjectId: entityId });
      setVersion((n) => n + 1);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="Subscription" className="subscription">
      <button type="button" disabled={busy} onClick={() => void toggle()} aria-pressed={Boolean(current)}>
        {busy ? 'Saving…' : current ? 'Unsubscribe' : 'Subscribe'}
      </button>{' '}
      <span className="session-actor">
        {current ? 'You are told what happens to it, in your inbox.' : 'Be told when it changes.'}
      </span>
      {failure && (
        <p className="state state-error" role="alert">
          Could not change your subscription: {failure}
        </p>
      )}
    </section>
  );
}
