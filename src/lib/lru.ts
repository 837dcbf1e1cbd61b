// A small least-recently-used cache, bounded by a total weight (decoded samples by their task
// rows in the worker; by count, weight 1 each, on the UI thread). Plain TypeScript (no DOM,
// no Node): the worker and the UI thread both use it.

export class LruCache<K, V> {
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(
    /** The most weight kept, except that the newest entry always stays. */
    private readonly maxWeight: number,
    private readonly weigh: (v: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Whether k is cached (does not count as a use). */
  has(k: K): boolean {
    return this.map.has(k);
  }

  /** The value for k, now the most recently used; undefined if not cached. */
  get(k: K): V | undefined {
    const v = this.map.get(k);
    if (v === undefined) return undefined;
    this.map.delete(k);
    this.map.set(k, v);
    return v;
  }

  /** Caches v as the most recently used, then drops the least recently used over the weight. */
  set(k: K, v: V): void {
    this.delete(k);
    this.map.set(k, v);
    this.total += this.weigh(v);
    for (const [old, ov] of this.map) {
      if (this.total <= this.maxWeight || this.map.size <= 1) break;
      this.map.delete(old);
      this.total -= this.weigh(ov);
    }
  }

  delete(k: K): void {
    const v = this.map.get(k);
    if (v === undefined) return;
    this.map.delete(k);
    this.total -= this.weigh(v);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
