// Memory of the language server on a 150-migration project (issue #18's budget: the extension
// host plus the server under 400 MB). The client is thin (it shows what the server computes), so
// this measures the server process, worker threads included (/proc/<pid>/status): after start-up,
// after opening the last migration (lint and the set's lock trace), and after a schema preview of
// the whole set; VmHWM is the process's peak. The extension host is not measured here.
//   node bench/memory.mjs      (needs `node esbuild.mjs` first)
import { startOnFiles } from './lsp-session.mjs';
import { generatedMigrations } from './migrations.mjs';
import { memoryOf } from './soak-session.mjs';

const FILES = 150;
const BUDGET_MB = 400;
const files = generatedMigrations(FILES);
const last = files[files.length - 1];
const { ws, client } = await startOnFiles(files, { debounceMs: 50 });
const uri = ws.uriOf(last.path);
const row = (what, m) => console.log(`${what.padEnd(52)} ${`${m.rssMb.toFixed(0)} MB`.padStart(7)}   peak ${`${m.peakMb.toFixed(0)} MB`.padStart(7)}`);
try {
  console.log(`Language server memory: ${FILES} generated migrations (server process over stdio, worker threads included)\n`);
  row('started', memoryOf(client.pid));
  await client.open(uri, last.text);
  await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 120_000);
  await client.inlayHints(uri);
  row('last migration open, linted', memoryOf(client.pid));
  const previewed = await client.connection.sendRequest('migrationLens/preview', { dirty: [] });
  const result = previewed.sets[0]?.result;
  if (!result?.ok) throw new Error(`the preview failed: ${result?.error?.message ?? 'no result'}`);
  const m = memoryOf(client.pid);
  row(`after the schema preview of the ${FILES} migrations`, m);
  console.log(`\npeak ${m.peakMb.toFixed(0)} MB, budget ${BUDGET_MB} MB (server only): ${m.peakMb <= BUDGET_MB ? 'met' : 'MISSED'}`);
  if (m.peakMb > BUDGET_MB) process.exitCode = 1;
} finally {
  await client.stop();
  ws.dispose();
}
