/**
 * A small LRU map. Parse results depend only on the text parsed, so statements and PL/pgSQL
 * bodies are cached by their text: while typing, only the statement being edited is parsed
 * again, whatever the size of the file.
 */
export class LruCache<K, V> {
  /**
   * The values themselves: a value's weight is weighed again when it leaves (weigh depends only on
   * the key and the value, which the cache's users never change). An entry object holding each
   * value with its weight was one more object kept per cached statement, thousands on a first
   * open; a second map of weights doubled the hashing.
   */
  private readonly map = new Map<K, V>();
  private weight = 0;
  /**
   * Walks the keys oldest first, kept between evictions: every key before it was deleted, and a
   * key read or set again moves behind it. A fresh `keys().next()` per eviction walked over the
   * holes the earlier deletions left at the front of the Map until V8 compacted it: about 10 µs an
   * eviction once the cache was full, 100 ms per opening of a 10,000-line file.
   */
  private oldest?: Iterator<K>;

  /**
   * At most `capacity` entries and, when `weigh` is given, at most `maxWeight` in all (the least
   * recently used go first): a count alone let a long editing session keep thousands of large ASTs.
   */
  constructor(
    private capacity: number,
    private readonly maxWeight = Infinity,
    private readonly weigh: (key: K, value: V) => number = () => 0,
  ) {}

  /** Holds at most `capacity` entries from now on (0: a cache that keeps nothing). */
  resize(capacity: number): void {
    this.capacity = capacity;
    this.evict();
  }

  /** Whether the key is cached, without making it the most recently used. */
  has(key: K): boolean {
    return this.map.has(key);
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    // The CLI's parse cache keeps nothing (cacheStatementParses(0)): no storing, weighing and evicting of every statement of the run.
    if (this.capacity === 0) return;
    this.delete(key);
    this.map.set(typeof key === 'string' ? (unsliced(key) as K) : key, value);
    this.weight += this.weigh(key, value);
    this.evict();
  }

  private evict(): void {
    while (this.map.size > this.capacity || (this.map.size > 1 && this.weight > this.maxWeight)) this.delete(this.nextOldest());
  }

  private nextOldest(): K {
    let next = this.oldest?.next();
    // Made at the first eviction; a Map iterator that reached the end stays done: start again (the map is not empty here).
    if (!next || next.done) {
      this.oldest = this.map.keys();
      next = this.oldest.next();
    }
    return next.value as K;
  }

  delete(key: K): void {
    const value = this.map.get(key);
    if (value === undefined) return;
    this.map.delete(key);
    this.weight -= this.weigh(key, value);
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
    this.oldest = undefined;
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * A copy of `text` that keeps no larger string alive. V8 makes a substring of 13 characters or
 * more a slice that points into the string it was cut from, and a concatenation a pair of
 * pointers to its parts (SlicedString, ConsString: https://github.com/v8/v8/blob/main/src/objects/string.h);
 * a statement's text cut from a document and stored as a key kept that whole document version
 * alive: in a long editing session, one version of the edited file per lint (400 KB each for a
 * 5,000-line file), and in the preview worker one version of the traced file per trace. Slicing a
 * concatenation first flattens it into a new string of its own (String::Flatten in
 * Factory::NewProperSubString, src/heap/factory.cc), so the result holds one character more than
 * `text` and nothing else.
 */
export function unsliced(text: string): string {
  return ` ${text}`.slice(1);
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
