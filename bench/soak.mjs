// A long editing session in the language server (issue #19's budget: memory that does not grow
// with the session, under 400 MB; the final diagnostics within 1 s of the last keystroke). The
// real server (dist/server.js) over stdio, in a trusted workspace (the lock trace runs): 1,000
// keys typed at the end of a 5,000-line migration of a 150-migration set, in bursts of 25 with a
// pause after each (the trace runs then). Prints the server's resident memory over the session
// (with its preview worker's process), then the final-diagnostics latency.
//   node bench/soak.mjs [edits] [debounceMs]      (needs `node esbuild.mjs` first)
import { startOnFiles } from './lsp-session.mjs';
import { soakSet, typeSession } from './soak-session.mjs';

const EDITS = Number(process.argv[2] ?? 1_000);
const DEBOUNCE_MS = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const RSS_BUDGET_MB = 400;
const LATENCY_BUDGET_MS = 1_000;

const { files, big } = soakSet();
const { ws, client } = await startOnFiles(files, DEBOUNCE_MS === undefined ? {} : { debounceMs: DEBOUNCE_MS });
const uri = ws.uriOf(big.path);
const mb = (x) => `${x.toFixed(0)} MB`;
try {
  await client.open(uri, big.text);
  await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 120_000);
  console.log(`Soak benchmark: ${EDITS} keys typed into a ${big.text.split('\n').length - 1}-line migration of a ${files.length}-migration set (trusted workspace, debounce ${DEBOUNCE_MS ?? 'default'})\n`);
  console.log('  time    RSS      peak');
  let next = 0;
  const { version, lastKeyAt, samples } = await typeSession(client, uri, big.text, {
    edits: EDITS,
    onSample: (s) => {
      if (s.atS < next) return;
      next += 5;
      console.log(`${`${s.atS.toFixed(0)} s`.padStart(6)}  ${mb(s.rssMb).padStart(7)}  ${mb(s.peakMb).padStart(7)}`);
    },
  });
  const final = await client.waitForDiagnostics(uri, (p) => p.version === version, 0, 60_000);
  const latency = performance.now() - lastKeyAt;
  const last = samples[samples.length - 1];
  const first = samples[0];
  const peak = Math.max(...samples.map((s) => s.peakMb)); // a replaced worker's peak is gone from the last sample
  console.log(`\n${'RSS after opening → end of session'.padEnd(50)} ${mb(first.rssMb)} → ${mb(last.rssMb)}`);
  console.log(`${'peak RSS (VmHWM, server + worker process)'.padEnd(50)} ${mb(peak).padStart(7)}   budget ${RSS_BUDGET_MB} MB: ${peak <= RSS_BUDGET_MB ? 'met' : 'MISSED'}`);
  console.log(`${'last key → its diagnostics'.padEnd(50)} ${`${latency.toFixed(0)} ms`.padStart(7)}   budget ${LATENCY_BUDGET_MS} ms: ${latency <= LATENCY_BUDGET_MS ? 'met' : 'MISSED'} (${final.diagnostics.length} diagnostics)`);
  const publications = client.published.get(uri).length;
  console.log(`${'diagnostics publications'.padEnd(50)} ${String(publications).padStart(7)}   for ${EDITS} keys`);
  if (peak > RSS_BUDGET_MB || latency > LATENCY_BUDGET_MS) process.exitCode = 1;
} finally {
  await client.stop();
  ws.dispose();
}
