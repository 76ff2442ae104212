// Server-side diagnostics time (parse + rules + conversion to LSP diagnostics) for a 200-line
// and a 10,000-line migration, against the product's latency budgets. Medians of repeated runs.
//   node bench/lint.mjs            (npm run bench builds first)
import { build } from 'esbuild';
import { mkdirSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { migrationOfLines } from './corpus.mjs';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
mkdirSync('bench/.cache', { recursive: true });
await build({
  entryPoints: ['bench/lint-entry.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: 'bench/.cache/lint-entry.js',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
copyFileSync('node_modules/libpg-query/wasm/libpg-query.wasm', 'bench/.cache/libpg-query.wasm');
const { initParser, diagnosticsFor } = require('./.cache/lint-entry.js');
await initParser();

function timeRuns(runs, variant) {
  const times = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const text = variant(i);
    const t0 = process.hrtime.bigint();
    count = diagnosticsFor(text).length;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { median: median(times), count };
}

// "open": every statement is new to the parse cache (a file opened for the first time).
// "edit": one statement in the middle changes between runs (typing), the rest is cached.
const variants = (text) => ({
  open: (i) => text.replaceAll('orders_', `orders${i}_`),
  edit: (i) => text.replace(/CREATE TABLE orders_archive_(\d+) \(id bigint/, (m, n) => (Number(n) > 100 ? `CREATE TABLE orders_archive_${n} (id${i} bigint` : m)).replace('orders_archive_200 (id bigint', `orders_archive_200 (id${i} bigint`),
});

// A function whose body is BEGIN ATOMIC … END, which the lexer splits at its `;`: its pieces fail
// alone and are parsed joined (parser.ts, joinedConstruct), and an edit elsewhere must not parse
// the whole file again.
const ATOMIC = 'CREATE FUNCTION orders_count() RETURNS bigint LANGUAGE sql STABLE\nBEGIN ATOMIC\n  SELECT count(*) FROM orders_0;\nEND;\n';
const cases = [
  { lines: 200, budget: 5, runs: 200 },
  { lines: 10_000, budget: 100, runs: 25 },
  { lines: 10_000, budget: 100, runs: 25, atomic: true },
];
console.log('Server-side diagnostics (parse + rules + LSP ranges), median of N runs, one process:');
console.log('| file | case | runs | median | budget | diagnostics | verdict |');
console.log('|---|---|---|---|---|---|---|');
let failed = false;
for (const c of cases) {
  const text = c.atomic ? ATOMIC + migrationOfLines(c.lines - 4) : migrationOfLines(c.lines);
  for (let i = 0; i < 3; i++) diagnosticsFor(text); // warm up the JIT and the WASM heap
  for (const [name, variant] of Object.entries(variants(text))) {
    const { median: ms, count } = timeRuns(c.runs, variant);
    const ok = ms < c.budget;
    if (name === 'edit') failed ||= !ok;
    console.log(`| ${c.lines.toLocaleString('en')} lines${c.atomic ? ', a BEGIN ATOMIC body' : ''} | ${name} | ${c.runs} | ${ms.toFixed(2)} ms | < ${c.budget} ms | ${count} | ${ok ? 'within budget' : 'over budget'} |`);
  }
}
if (failed) process.exitCode = 1;
