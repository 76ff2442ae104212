// Schema navigation latency in the language server (issue #17's budget: each request under
// 20 ms on a 150-migration set once the schema is known). The real server (dist/server.js) over
// stdio, as VS Code runs it: the last migration is opened, every request is asked once (the
// warm-up reads and parses the 149 earlier files), then each request is timed SAMPLES times;
// between rounds the document is edited, so the timeline of the edited file is rebuilt each time.
//   node bench/navigation.mjs      (needs `node esbuild.mjs` first)
import { startOnGeneratedSet } from './lsp-session.mjs';
import { median } from './stats.mjs';

const FILES = 150;
const SAMPLES = 21;
const BUDGET_MS = 20;
const { ws, last, uri, client } = await startOnGeneratedSet(FILES);

try {
  // The last file, with a statement that names a table made 140 migrations earlier.
  const extra = 'UPDATE entity_3 SET name = upper(name) WHERE id = 1;\nINSERT INTO entity_3 (';
  const text = (k) => `${last.text}-- edit ${k}\n${extra}`;
  await client.open(uri, text(0));
  const lines = text(0).split('\n');
  const line = lines.length - 2; // the UPDATE
  const at = { textDocument: { uri }, position: { line, character: 9 } };
  const requests = {
    'definition (F12)': () => client.connection.sendRequest('textDocument/definition', at),
    'references (Shift+F12)': () => client.connection.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } }),
    hover: () => client.connection.sendRequest('textDocument/hover', at),
    'completion (columns after INSERT INTO t ()': () => client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: line + 1, character: 22 } }),
    'document symbols (outline)': () => client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
    'workspace symbols': () => client.connection.sendRequest('workspace/symbol', { query: 'entity_14' }),
  };
  const t0 = performance.now();
  for (const ask of Object.values(requests)) await ask();
  const warmUp = performance.now() - t0;
  const samples = Object.fromEntries(Object.keys(requests).map((k) => [k, []]));
  for (let k = 1; k <= SAMPLES; k++) {
    await client.change(uri, text(k));
    for (const [name, ask] of Object.entries(requests)) {
      const s0 = performance.now();
      const result = await ask();
      samples[name].push(performance.now() - s0);
      if (!result || (Array.isArray(result) && result.length === 0)) throw new Error(`${name} answered nothing`);
    }
  }
  console.log(`Schema navigation benchmark: ${FILES} migrations, requests on the last one (language server over stdio)\n`);
  console.log(`${'first round (reads and parses the 149 earlier files)'.padEnd(58)} ${`${warmUp.toFixed(0)} ms`.padStart(9)}`);
  let met = true;
  for (const [name, xs] of Object.entries(samples)) {
    const m = median(xs);
    met &&= m <= BUDGET_MS;
    console.log(`${`${name} (median)`.padEnd(58)} ${`${m.toFixed(1)} ms`.padStart(9)}   budget ${BUDGET_MS} ms: ${m <= BUDGET_MS ? 'met' : 'MISSED'}`);
  }
  console.log(`${''.padEnd(58)} (${SAMPLES} samples each; the document is edited before each round, so the edited file's timeline is rebuilt)`);
  if (!met) process.exitCode = 1;
} finally {
  await client.stop();
  ws.dispose();
}
