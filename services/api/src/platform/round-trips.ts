import type { Driver, ManagedTransaction, Session } from 'neo4j-driver';

/**
 * Wraps a real driver so every query sent to the database is counted: session.run, tx.run inside
 * executeRead/executeWrite, and driver.executeQuery. Used to prove batching (N items cost O(1)
 * round trips) and to report per-request query counts; it never changes what is sent.
 */
export interface CountingDriver {
  driver: Driver;
  readonly count: number;
  /** The most statements of one transaction sent and not yet answered at once (pipelined). */
  readonly mostInFlight: number;
  reset(): void;
}

export function countRoundTrips(
  driver: Driver,
  /** Told each statement's text as it is sent (a test asking which queries a request made). */
  onSend: (text: string) => void = () => undefined,
): CountingDriver {
  let count = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const countingTx = (tx: ManagedTransaction): ManagedTransaction =>
    new Proxy(tx, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'run') {
          return (...args: Parameters<ManagedTransaction['run']>) => {
            count += 1;
            onSend(String(args[0]));
            mostInFlight = Math.max(mostInFlight, ++inFlight);
            const result = target.run(...args);
            const answered = () => void inFlight--;
            result.then(answered, answered);
            return result;
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const countingSession = (session: Session): Session =>
    new Proxy(session, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'run') {
          return (...args: Parameters<Session['run']>) => {
            count += 1;
            onSend(String(args[0]));
            return target.run(...args);
          };
        }
        if (prop === 'executeRead' || prop === 'executeWrite') {
          return <T>(work: (tx: ManagedTransaction) => Promise<T>, config?: unknown) =>
            (target[prop] as (w: typeof work, c?: unknown) => Promise<T>)((tx) => work(countingTx(tx)), config);
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const proxy = new Proxy(driver, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'session')
        return (...args: Parameters<Driver['session']>) => countingSession(target.session(...args));
      if (prop === 'executeQuery') {
        return (...args: unknown[]) => {
          count += 1;
          onSend(String(args[0]));
          return (target.executeQuery as (...a: unknown[]) => unknown)(...args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    driver: proxy,
    get count() {
      return count;
    },
    get mostInFlight() {
      return mostInFlight;
    },
    reset() {
      count = 0;
      mostInFlight = 0;
    },
  };
}
