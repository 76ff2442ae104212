// Memory of the language server on a 150-migration project (issue #18's budget: the extension
// host plus the server under 400 MB). The client is thin (it shows what the server computes), so
// this measures the server process with its preview worker's process (/proc/<pid>/status): after start-up,
// after opening the last migration (lint and the set's lock trace), and after a schema preview of
// the whole set; VmHWM is the process's peak.
//   node bench/memory.mjs            (needs `node esbuild.mjs` first)
// With --vscode it measures both processes in a real VS Code instead (code-server, as the
// integration suite runs it: test/integration/suite/memory.test.ts): the extension host's growth
// while the 150 migrations are written, opened and previewed, plus the server's peak since start-up.
//   node bench/memory.mjs --vscode
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnFiles } from './lsp-session.mjs';
import { generatedMigrations } from './migrations.mjs';
import { treeMemoryOf } from './process-tree.mjs';

const FILES = 150;
const BUDGET_MB = 400;
if (process.argv.includes('--vscode')) {
  inVsCode();
  process.exit(process.exitCode ?? 0);
}

const files = generatedMigrations(FILES);
const last = files[files.length - 1];
const { ws, client } = await startOnFiles(files, { debounceMs: 50 });
const uri = ws.uriOf(last.path);
const row = (what, m) => console.log(`${what.padEnd(52)} ${`${m.rssMb.toFixed(0)} MB`.padStart(7)}   peak ${`${m.peakMb.toFixed(0)} MB`.padStart(7)}`);
try {
  console.log(`Language server memory: ${FILES} generated migrations (server process over stdio, with its preview worker's process)\n`);
  row('started', treeMemoryOf(client.pid));
  await client.open(uri, last.text);
  await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 120_000);
  await client.inlayHints(uri);
  row('last migration open, linted', treeMemoryOf(client.pid));
  const previewed = await client.connection.sendRequest('migrationLens/preview', { dirty: [] });
  const result = previewed.sets[0]?.result;
  if (!result?.ok) throw new Error(`the preview failed: ${result?.error?.message ?? 'no result'}`);
  const m = treeMemoryOf(client.pid);
  row(`after the schema preview of the ${FILES} migrations`, m);
  console.log(`\npeak ${m.peakMb.toFixed(0)} MB, budget ${BUDGET_MB} MB (server only): ${m.peakMb <= BUDGET_MB ? 'met' : 'MISSED'}`);
  if (m.peakMb > BUDGET_MB) process.exitCode = 1;
} finally {
  await client.stop();
  ws.dispose();
}

function inVsCode() {
  const dir = mkdtempSync(join(tmpdir(), 'lens-memory-'));
  const out = join(dir, 'figures.json');
  try {
    const run = spawnSync(process.execPath, ['test/integration/run.mjs'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, MIGRATION_LENS_IT_GREP: 'memory of the extension host', MIGRATION_LENS_IT_MEMORY_OUT: out },
    });
    if (run.status !== 0) throw new Error(`the integration run failed (exit ${run.status})`);
    const f = JSON.parse(readFileSync(out, 'utf8'));
    const mb = (x) => `${x.toFixed(0)} MB`.padStart(7);
    console.log(`Extension host + language server memory in a real VS Code (code-server): ${f.migrations} generated migrations previewed\n`);
    console.log(`${'extension host, growth over the test'.padEnd(52)} ${mb(f.hostGrowthMb)}   (its resident total ${mb(f.hostRssMb).trim()}, VS Code's own included)`);
    console.log(`${'language server, peak since start-up'.padEnd(52)} ${mb(f.serverPeakMb)}`);
    console.log(`\n${'together'.padEnd(52)} ${mb(f.totalMb)}   budget ${BUDGET_MB} MB: ${f.totalMb <= BUDGET_MB ? 'met' : 'MISSED'}`);
    if (f.totalMb > BUDGET_MB) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
