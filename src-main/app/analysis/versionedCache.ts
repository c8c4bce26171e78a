// Results kept by key for one version of the data: a newer version empties the cache, and the
// oldest entry leaves when it is full. Each caller gets a copy, so no caller can change what
// the next one is given.
export class VersionedCache<T> {
  private readonly entries = new Map<string, T>();
  private version: string | null = null;

  constructor(private readonly capacity: number) {}

  get(key: string, version: string): T | undefined {
    if (version !== this.version) return undefined;
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Most recently used last, so the oldest is the first to leave.
    this.entries.delete(key);
    this.entries.set(key, value);
    return structuredClone(value);
  }

  has(key: string, version: string): boolean {
    return version === this.version && this.entries.has(key);
  }

  set(key: string, version: string, value: T): void {
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
