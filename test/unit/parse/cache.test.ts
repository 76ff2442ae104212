import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cached, LruCache } from '../../../server/src/parse/cache';

describe('LRU cache', () => {
  it('keeps at most its total weight, dropping the least recently used first', () => {
    const cache = new LruCache<string, number>(100, 10, (key) => key.length);
    cache.set('aaaa', 1);
    cache.set('bbbb', 2);
    assert.equal(cache.get('aaaa'), 1); // now the most recently used
    cache.set('cccc', 3); // 12 > 10: bbbb goes
    assert.deepEqual(['aaaa', 'bbbb', 'cccc'].map((k) => cache.get(k)), [1, undefined, 3]);
    assert.equal(cache.size, 2);
  });

  it('counts a replaced entry once, and keeps one entry heavier than the whole limit until the next one', () => {
    const cache = new LruCache<string, number>(100, 10, (key) => key.length);
    for (let i = 0; i < 50; i++) cache.set('aaaaa', i);
    cache.set('bbbbb', 0);
    assert.equal(cache.size, 2, 'replacing a key does not add its weight again');
    cache.set('x'.repeat(40), 1);
    assert.equal(cache.size, 1);
    assert.equal(cached(cache, 'yy', () => 2), 2);
    assert.equal(cache.size, 1);
    assert.equal(cache.get('yy'), 2);
  });

  it('tells whether a key is cached without making it the most recently used', () => {
    const cache = new LruCache<number, number>(2);
    cache.set(1, 1);
    cache.set(2, 2);
    assert.deepEqual([cache.has(1), cache.has(3)], [true, false]);
    cache.set(3, 3); // 1 is still the least recently used: it goes
    assert.deepEqual([1, 2, 3].map((k) => cache.has(k)), [false, true, true]);
  });

  it('still keeps at most its capacity in entries', () => {
    const cache = new LruCache<number, number>(3);
    for (let i = 0; i < 10; i++) cache.set(i, i);
    assert.equal(cache.size, 3);
    assert.equal(cache.get(9), 9);
    assert.equal(cache.get(6), undefined);
  });

  it('forgets one key or all of them, with their weights', () => {
    const cache = new LruCache<string, number>(100, 10, (key) => key.length);
    cache.set('aaaa', 1);
    cache.set('bbbb', 2);
    cache.delete('aaaa');
    assert.deepEqual([cache.get('aaaa'), cache.size], [undefined, 1]);
    cache.set('cccccc', 3); // 4 + 6 = 10: fits only if aaaa's weight went with it
    assert.equal(cache.size, 2);
    cache.clear();
    assert.equal(cache.size, 0);
    cache.set('ddddd', 4);
    cache.set('eeeee', 5); // 5 + 5 = 10: both fit only if clear reset the weight
    assert.deepEqual([cache.get('ddddd'), cache.get('eeeee')], [4, 5]);
  });

  it('evicts in least-recently-used order through long runs of reads, replacements and evictions', () => {
    const cache = new LruCache<number, number>(50);
    const model: number[] = []; // keys, least recently used first
    const touch = (k: number) => {
      const i = model.indexOf(k);
      if (i >= 0) model.splice(i, 1);
      model.push(k);
    };
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let step = 0; step < 5_000; step++) {
      const k = random(120);
      if (random(3) === 0) {
        const hit = cache.get(k);
        assert.equal(hit !== undefined, model.includes(k), `step ${step}: get(${k})`);
        if (hit !== undefined) touch(k);
      } else {
        cache.set(k, step);
        touch(k);
        if (model.length > 50) model.shift();
      }
    }
    assert.equal(cache.size, model.length);
    for (const k of model) assert.notEqual(cache.get(k), undefined, `key ${k} kept`);
  });

  it('keeps no text its string keys were cut from: 40 keys sliced or concatenated from 40 texts of 1 MB each keep a few KB, not 40 MB', () => {
    setFlagsFromString('--expose-gc'); // the collector, to read what is still reachable (https://nodejs.org/api/v8.html#v8setflagsfromstringflags)
    const gc = runInNewContext('gc') as () => void;
    const cache = new LruCache<string, number>(1_000, Infinity, (key) => key.length);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 40; i++) {
      const document = `${i};${'x'.repeat(1 << 20)}`; // a new 1 MB string each time
      const statement = document.slice(0, 100); // a slice of it, as a statement of a document
      cache.set(i % 2 ? statement : `state\0${statement}`, i); // as the parse cache and the trace memo key them
    }
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    assert.ok(grownMb < 8, `the cache's keys keep ${grownMb.toFixed(1)} MB`);
    assert.equal(cache.get(`1;${'x'.repeat(1 << 20)}`.slice(0, 100)), 1);
    assert.equal(cache.get(`state\0${`2;${'x'.repeat(1 << 20)}`.slice(0, 100)}`), 2);
  });

  it('evicts again after being emptied by a resize to 0', () => {
    const cache = new LruCache<number, number>(2);
    for (let i = 0; i < 5; i++) cache.set(i, i);
    cache.resize(0);
    assert.equal(cache.size, 0);
    cache.resize(2);
    for (let i = 10; i < 15; i++) cache.set(i, i);
    assert.deepEqual([13, 14, 12].map((k) => cache.get(k)), [13, 14, undefined]);
  });
});
