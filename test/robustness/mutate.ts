/** Deterministic hostile variants of a migration: the same seed gives the same inputs on every run. */

/** mulberry32: tiny, fast, and good enough to spread mutations; a failure names its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments that open or close lexer states: dollar quotes, strings, identifiers, comments, NUL. */
const SHARDS = ['$$', '$fn$', "'", '"', 'E\'\\', '/*', '*/', '--', '\0', ';', '(', ')', 'BEGIN;', 'DO $$ BEGIN', 'U&"\\', '\uFFFD', '😀', '\r\n'];

type Mutator = (text: string, rnd: () => number) => string;

const at = (text: string, rnd: () => number) => Math.floor(rnd() * (text.length + 1));

const MUTATORS: Mutator[] = [
  // Byte flip: one UTF-16 unit replaced by a random one (lone surrogates included on purpose).
  (t, r) => {
    const i = Math.min(at(t, r), Math.max(t.length - 1, 0));
    return t.slice(0, i) + String.fromCharCode(Math.floor(r() * 0x10000)) + t.slice(i + 1);
  },
  (t, r) => t.slice(0, at(t, r)),
  (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + SHARDS[Math.floor(r() * SHARDS.length)] + t.slice(i);
  },
  // Deletion of a span: unbalances whatever it cuts through.
  (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + t.slice(i + 1 + Math.floor(r() * 40));
  },
  // Duplication of a span: repeated clauses, doubled keywords.
  (t, r) => {
    const i = at(t, r);
    const j = Math.min(t.length, i + 1 + Math.floor(r() * 80));
    return t.slice(0, j) + t.slice(i, j) + t.slice(j);
  },
];

/** `count` variants of `base`, each from one to five mutations; variant i uses seed `seed + i`. */
export function* mutations(base: string, count: number, seed: number): Generator<{ seed: number; text: string }> {
  for (let i = 0; i < count; i++) {
    const rnd = prng(seed + i);
    let text = base;
    const n = 1 + Math.floor(rnd() * 5);
    for (let k = 0; k < n; k++) text = MUTATORS[Math.floor(rnd() * MUTATORS.length)](text, rnd);
    yield { seed: seed + i, text };
  }
}
