import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False on the server and while the page hydrates, true once React handles its events. A form sent
 * before then would be submitted by the browser itself (a reload that drops what was typed), so its
 * controls wait for this.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
