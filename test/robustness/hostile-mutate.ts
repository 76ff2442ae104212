/**
 * Mutations aimed at the bounds of issue 19: suppression comments with thousands of ids, deep
 * `||` expressions and UNION chains, CR-only line ends, one statement repeated until the caps
 * apply. Deterministic like mutate.ts: a failure names its seed.
 */
import { prng } from './mutate';

type Mutator = (text: string, rnd: () => number) => string;

const pick = <T>(xs: T[], rnd: () => number) => xs[Math.floor(rnd() * xs.length)];
const lineStart = (t: string, rnd: () => number) => {
  const i = Math.floor(rnd() * (t.length + 1));
  const nl = t.lastIndexOf('\n', i - 1);
  return nl + 1;
};

/** How deep the generated expressions go: most stay small, a few reach past the parser's stack. */
function depth(rnd: () => number): number {
  const r = rnd();
  return r < 0.8 ? 10 + Math.floor(rnd() * 500) : r < 0.97 ? 500 + Math.floor(rnd() * 4_000) : 9_000 + Math.floor(rnd() * 3_000);
}

const MUTATORS: Mutator[] = [
  // A suppression comment with many ids (some real, some repeated, some unknown), at a line start.
  (t, r) => {
    const n = Math.floor(r() * (r() < 0.9 ? 200 : 50_000));
    const ids = Array.from({ length: n }, (_, i) => pick(['drop-table', 'x', `r${i}`, 'missing-lock-timeout', 'add-column-without-if-not-exists'], r));
    const at = lineStart(t, r);
    return `${t.slice(0, at)}-- ${pick(['lens-ignore', 'lens-ignore-file', 'squawk-ignore'], r)} ${ids.join(pick([',', ', ', ' '], r))}\n${t.slice(at)}`;
  },
  // A deep `||` expression in a new statement.
  (t, r) => `${t}\nCREATE TABLE IF NOT EXISTS deep_${Math.floor(r() * 1e6)} AS SELECT ${Array(depth(r)).fill("'x'").join(' || ')} AS v;\n`,
  // A deep default expression (a rule walks it).
  (t, r) => `${t}\nALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS c${Math.floor(r() * 1e6)} text DEFAULT ${Array(Math.min(depth(r), 2_500)).fill('now()::text').join(' || ')};\n`,
  // A long UNION chain under INSERT … SELECT.
  (t, r) => `${t}\nINSERT INTO t ${Array(1 + Math.floor(r() * 1_000)).fill('SELECT 1 WHERE NOT EXISTS (SELECT 1)').join(' UNION ')};\n`,
  // Line ends turned into CR only (old Mac files): every offset must still fall inside the text.
  (t) => t.replace(/\r?\n/g, '\r'),
  // One statement repeated until the per-rule cap applies.
  (t, r) => `${t}\n${'DROP TABLE IF EXISTS t;\n'.repeat(150 + Math.floor(r() * 400))}`,
];

/** `count` variants of `base`, each from one to three of the mutators above; variant i uses seed `seed + i`. */
export function* hostileMutations(base: string, count: number, seed: number): Generator<{ seed: number; text: string }> {
  for (let i = 0; i < count; i++) {
    const rnd = prng(seed + i);
    let text = base;
    const n = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) text = pick(MUTATORS, rnd)(text, rnd);
    yield { seed: seed + i, text };
  }
}
