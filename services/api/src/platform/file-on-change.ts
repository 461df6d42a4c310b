import { readFileSync, statSync } from 'node:fs';

/**
 * A configuration file parsed once and parsed again whenever it changes on disk (its modification
 * time or size), so an admin's edit needs no restart; the file's path is looked up at each read
 * (an environment variable may name another).
 */
export class FileOnChange<T> {
  private cached: { file: string; modifiedMs: number; size: number; value: T } | undefined;

  constructor(
    private readonly pathOf: () => string,
    private readonly parse: (text: string, file: string) => T,
    /** What a missing file means: a default, or an error thrown. */
    private readonly missing: (file: string) => T,
  ) {}

  get path(): string {
    return this.pathOf();
  }

  current(): T {
    const file = this.pathOf();
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return this.missing(file);
    const cached = this.cached;
    if (cached && cached.file === file && cached.modifiedMs === stat.mtimeMs && cached.size === stat.size) {
      return cached.value;
    }
    const value = this.parse(readFileSync(file, 'utf8'), file);
    this.cached = { file, modifiedMs: stat.mtimeMs, size: stat.size, value };
    return value;
  }
}
