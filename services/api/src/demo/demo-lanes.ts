/**
 * At most `width` demo writes under way at once: enough to keep the database busy on every core
 * while this process prepares the next command, few enough that commands do not pile up in Neo4j.
 */
export class Lanes {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly width: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy < this.width) this.busy += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the lane is handed over
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy -= 1;
    }
  }
}
