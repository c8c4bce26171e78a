// Results kept by key for one version of the data: a newer version empties the cache, and the
// oldest entry leaves when it is full. Each caller gets a copy, so no caller can change what
// the next one is given. Versions only grow: a write for an older version (a count that began
// before a reload and ended after it) is stale and dropped, so it cannot empty the newer entries.
export class VersionedCache<T> {
  private readonly entries = new Map<string, T>();
  private version: number | null = null;

  constructor(private readonly capacity: number) {}

  get(key: string, version: number): T | undefined {
    if (version !== this.version) return undefined;
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Most recently used last, so the oldest is the first to leave.
    this.entries.delete(key);
    this.entries.set(key, value);
    return structuredClone(value);
  }

  has(key: string, version: number): boolean {
    return version === this.version && this.entries.has(key);
  }

  set(key: string, version: number, value: T): void {
    if (this.version !== null && version < this.version) return;
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    this.entries.delete(key);
    this.entries.set(key, structuredClone(value));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
    this.version = null;
  }
}
