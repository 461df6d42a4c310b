/**
 * Lookups of reference data that every request makes (who a token stands for), made together:
 * a lookup asked for while another is in flight waits for it to end and goes in the next one, with
 * every other key asked for meanwhile, as one query. So each request still sees the database as it
 * was after the request arrived (nothing is cached), and a burst of requests costs one query per
 * round trip instead of one each.
 */
export class LookupsTogether<K, V> {
  private waiting = new Map<K, { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]>();
  private inFlight = false;

  constructor(private readonly fetch: (keys: K[]) => Promise<Map<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const callers = this.waiting.get(key);
      if (callers) callers.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.inFlight) void this.next();
    });
  }

  private async next(): Promise<void> {
    const batch = this.waiting;
    if (batch.size === 0) return;
    this.waiting = new Map();
    this.inFlight = true;
    try {
      const found = await this.fetch([...batch.keys()]);
      for (const [key, callers] of batch) for (const caller of callers) caller.resolve(found.get(key));
    } catch (error) {
      for (const callers of batch.values()) for (const caller of callers) caller.reject(error);
    } finally {
      this.inFlight = false;
      void this.next();
    }
  }
}
