/**
 * A small LRU map. Parse results depend only on the text parsed, so statements and PL/pgSQL
 * bodies are cached by their text: while typing, only the statement being edited is parsed
 * again, whatever the size of the file.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private capacity: number) {}

  /** Holds at most `capacity` entries from now on (0: a cache that keeps nothing). */
  resize(capacity: number): void {
    this.capacity = capacity;
    while (this.map.size > capacity) this.map.delete(this.map.keys().next().value as K);
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  get size(): number {
    return this.map.size;
  }
}

/** Returns the cached value for `key`, computing and storing it on a miss. */
export function cached<K, V>(cache: LruCache<K, V>, key: K, compute: (key: K) => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = compute(key);
    cache.set(key, v);
  }
  return v;
}
