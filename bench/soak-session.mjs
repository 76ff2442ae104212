// A long editing session against the language server (bench/soak.mjs): statements typed key
// by key at the end of a large migration, in bursts with a pause after each (so that the lock
// trace runs, as when a typist stops to think), while the server's memory is sampled from /proc.
import { generatedMigrations } from './migrations.mjs';
import { migrationOfLines } from './corpus.mjs';
import { treeMemoryOf } from './process-tree.mjs';

/** The session's workspace: 149 generated migrations, then a realistic migration of `lines` lines (the one typed into). */
export function soakSet(lines = 5_000) {
  const files = generatedMigrations(149);
  const big = { path: 'migrations/0149_big.sql', text: migrationOfLines(lines) };
  return { files: [...files, big], big };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Types `edits` keys at the end of the document, `keyMs` apart, pausing `pauseMs` after every
 * `burst` keys and asking for the inlay hints there (as the editor does). `onSample` gets the
 * server's memory every `sampleMs`. Returns the last version typed, the time of the last key,
 * and the samples.
 */
export async function typeSession(client, uri, text, { edits = 1_000, burst = 25, keyMs = 15, pauseMs = 400, sampleMs = 500, onSample = () => {} } = {}) {
  const samples = [];
  const started = performance.now();
  const sample = () => {
    const m = { atS: (performance.now() - started) / 1000, ...treeMemoryOf(client.pid) };
    samples.push(m);
    onSample(m);
  };
  const timer = setInterval(sample, sampleMs);
  sample();
  // Statement after statement (each one a rewrite the trace shows), key by key.
  let typed = '';
  for (let n = 0; typed.length < edits; n++) typed += `ALTER TABLE orders_${n % 40} ALTER COLUMN status TYPE varchar(${100 + n});\n`;
  let doc = text;
  let version = 0;
  let lastKeyAt = 0;
  try {
    for (let k = 0; k < edits; k++) {
      const key = typed[k];
      const lines = doc.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      doc += key;
      version = await client.edit(uri, { start: end, end }, key);
      lastKeyAt = performance.now();
      if ((k + 1) % burst === 0 && k + 1 < edits) {
        await client.inlayHints(uri);
        await sleep(pauseMs);
      } else await sleep(keyMs);
    }
  } finally {
    clearInterval(timer);
    sample();
  }
  return { version, lastKeyAt, samples, text: doc };
}
