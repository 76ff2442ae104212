// A long editing session against the language server (bench/soak.mjs; bench/memory.mjs reads
// the server's memory with it): statements typed key by key at the end of a large
// migration, in bursts with a pause after each (so that the lock trace runs, as when a typist
// stops to think), while the server's memory is sampled from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import { generatedMigrations } from './migrations.mjs';
import { migrationOfLines } from './corpus.mjs';

/** The session's workspace: 149 generated migrations, then a realistic migration of `lines` lines (the one typed into). */
export function soakSet(lines = 5_000) {
  const files = generatedMigrations(149);
  const big = { path: 'migrations/0149_big.sql', text: migrationOfLines(lines) };
  return { files: [...files, big], big };
}

/** One process's resident memory in MB, its peak (VmHWM), and how much of it is file-backed (RssFile: the node binary, libraries). */
export function memoryOf(pid) {
  const status = statusOf(pid) ?? '';
  return { rssMb: kbOf(status, 'VmRSS') / 1024, peakMb: kbOf(status, 'VmHWM') / 1024, fileMb: kbOf(status, 'RssFile') / 1024 };
}

/**
 * The resident memory in MB of the process and of its child processes (the language server's
 * preview worker runs in one: it is the server's memory too), and a peak: the process's own
 * (VmHWM) plus each live child's, which counts a child's peak even when it came between two
 * samples (and so may add peaks that did not coincide: an upper bound). A child's file-backed
 * pages are left out: they are /usr/bin/node's and its libraries', which the parent maps too and
 * the page cache holds once (about 42 MB here).
 */
export function treeMemoryOf(pid) {
  const [own, ...children] = [pid, ...descendantsOf(pid)].map(memoryOf);
  const sum = (key) => children.reduce((mb, m) => mb + m[key] - m.fileMb, own[key]);
  return { rssMb: sum('rssMb'), peakMb: sum('peakMb'), processes: children.length + 1 };
}

function statusOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // ended since it was listed
  }
}

const kbOf = (status, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);

function descendantsOf(pid) {
  let children = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) children.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    children = [];
  }
  return children.flatMap((c) => [c, ...descendantsOf(c)]);
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
