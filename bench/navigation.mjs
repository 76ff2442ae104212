// Schema navigation latency in the language server (issue #17's budget: each request under
// 20 ms on a 150-migration set once the schema is known). The real server (dist/server.js) over
// stdio, as VS Code runs it: the last migration is opened, every request is asked once (the
// warm-up reads and parses the 149 earlier files), then each request is timed SAMPLES times;
// between rounds the document is edited, so the timeline of the edited file is rebuilt each time.
// Then the set is previewed, and hover and workspace symbols are timed again on the preview's schema.
//   node bench/navigation.mjs      (needs `node esbuild.mjs` first)
import { fileURLToPath } from 'node:url';
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

  // Once the schema preview has run: hover and workspace symbols answer from its schema.
  const done = `${last.text}-- previewed\nUPDATE entity_3 SET name = upper(name) WHERE id = 1;\n`;
  await client.change(uri, done);
  const p0 = performance.now();
  const previewed = await client.connection.sendRequest('migrationLens/preview', { dirty: [fileURLToPath(uri)] });
  const previewMs = performance.now() - p0;
  const result = previewed.sets[0]?.result;
  if (!result?.ok) throw new Error(`the preview failed: ${JSON.stringify(result?.error ?? previewed.sets[0]?.failure)}`);
  const updateAt = { textDocument: { uri }, position: { line: done.split('\n').length - 2, character: 9 } };
  const fromPreview = {
    'hover (from the preview)': async () => {
      const h = await client.connection.sendRequest('textDocument/hover', updateAt);
      if (!h?.contents?.value?.includes('As the schema preview has it')) throw new Error('the hover did not answer from the preview');
      return h;
    },
    'workspace symbols (the previewed schema)': () => client.connection.sendRequest('workspace/symbol', { query: 'entity_14' }),
  };
  for (const ask of Object.values(fromPreview)) await ask();
  console.log(`\n${'preview of the 150 migrations'.padEnd(58)} ${`${previewMs.toFixed(0)} ms`.padStart(9)}`);
  for (const [name, ask] of Object.entries(fromPreview)) {
    const xs = [];
    for (let k = 0; k < SAMPLES; k++) {
      const s0 = performance.now();
      await ask();
      xs.push(performance.now() - s0);
    }
    const m = median(xs);
    met &&= m <= BUDGET_MS;
    console.log(`${`${name} (median)`.padEnd(58)} ${`${m.toFixed(1)} ms`.padStart(9)}   budget ${BUDGET_MS} ms: ${m <= BUDGET_MS ? 'met' : 'MISSED'}`);
  }
  if (!met) process.exitCode = 1;
} finally {
  await client.stop();
  ws.dispose();
}
