/**
 * Long editing sessions (issue #19): a burst of edits is linted once, at its newest version,
 * whatever the debounce; a session of 1,000 keys with the lock trace running keeps its memory
 * bounded and its last diagnostics prompt.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { InlayHint } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from './client';

/** A realistic migration of `lines` lines (the benchmarks' generator). */
async function migrationOfLines(lines: number): Promise<string> {
  const corpus = (await import(path.resolve(__dirname, '../../bench/corpus.mjs'))) as { migrationOfLines(lines: number): string };
  return corpus.migrationOfLines(lines);
}

interface Sample { atS: number; rssMb: number; peakMb: number }
/** bench/soak-session.mjs: the soak benchmark's set and typist, so the test and `node bench/soak.mjs` measure one session. */
interface SoakSession {
  soakSet(): { files: { path: string; text: string }[]; big: { path: string; text: string } };
  typeSession(client: LspClient, uri: string, text: string, opts: { edits: number }): Promise<{ version: number; lastKeyAt: number; samples: Sample[]; text: string }>;
}
const soakSession = async (): Promise<SoakSession> => (await import(path.resolve(__dirname, '../../bench/soak-session.mjs'))) as SoakSession;

/**
 * Generous bounds for a loaded CI machine; bench/soak.mjs measures the session against the
 * budgets (400 MB, 1 s). Before the fixes of issue #19 the same session reached 1.57 GB, and with
 * debounceMs 0 its last diagnostics came 18–30 s after the last key.
 */
const SOAK_PEAK_MB = 800;
const SOAK_LATENCY_MS = 3_000;
/**
 * The trace of a statement added after the session: its earlier traces are kept, so it takes
 * about a second (bench/soak.mjs); a fresh worker traces the whole file in 5-9 s on a quiet machine.
 */
const SOAK_TRACE_MS = 60_000;

describe('language server: long sessions', function () {
  let ws: TempWorkspace;
  let client: LspClient;

  afterEach(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('lints a burst of edits once, at the newest version, with debounceMs 0', async function () {
    this.timeout(120_000);
    ws = new TempWorkspace();
    const text = await migrationOfLines(3_000);
    const uri = ws.write('migrations/0001_big.sql', text);
    // The trace is off where the preview's settings are read (the project's configuration, not the editor's).
    ws.write('.migration-lens.json', JSON.stringify({ preview: { lockTrace: false } }));
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 } });
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 60_000);
    const since = client.mark(uri);
    // 100 keystrokes sent back to back, as a fast typist's editor sends them while the server is busy.
    const line = text.split('\n').length - 2;
    const sent: Promise<number>[] = [];
    for (let k = 0; k < 100; k++) sent.push(client.edit(uri, { start: { line, character: k }, end: { line, character: k } }, 'x'));
    const last = Math.max(...(await Promise.all(sent)));
    await client.waitForDiagnostics(uri, (p) => p.version === last, since, 60_000);
    const published = client.published.get(uri)!.slice(since);
    assert.ok(published.length <= 5, `${published.length} publications for 100 edits sent at once (versions ${published.map((p) => p.version).join(', ')})`);
  });

  it('types 1,000 keys into a 5,000-line migration of a 150-migration set with the lock trace on: bounded memory, prompt last diagnostics', async function () {
    this.timeout(300_000);
    const { soakSet, typeSession } = await soakSession();
    const { files, big } = soakSet();
    ws = new TempWorkspace();
    for (const f of files) ws.write(f.path, f.text);
    const uri = ws.uriOf(big.path);
    // The preview's time limit (the project's configuration) raised from its 30 s default: a full
    // trace of the file (the set applied first) takes 5-9 s on a quiet machine, and a CI machine
    // several times slower would cut every trace at the default, which is the machine's speed,
    // not what this test is about.
    ws.write('.migration-lens.json', JSON.stringify({ preview: { timeoutMs: 120_000 } }));
    client = await LspClient.start({ workspaceUri: ws.uri });
    await client.open(uri, big.text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 120_000);
    const { version, lastKeyAt, samples, text } = await typeSession(client, uri, big.text, { edits: 1_000 });
    await client.waitForDiagnostics(uri, (p) => p.version === version, 0, 60_000);
    const latency = performance.now() - lastKeyAt;
    const peak = Math.max(...samples.map((m) => m.peakMb));
    assert.ok(peak <= SOAK_PEAK_MB, `peak RSS ${peak.toFixed(0)} MB over the session (bound ${SOAK_PEAK_MB} MB)`);
    assert.ok(latency <= SOAK_LATENCY_MS, `last key → its diagnostics: ${latency.toFixed(0)} ms (bound ${SOAK_LATENCY_MS} ms)`);

    // The lock trace of the 5,000-line file finishes: a statement added after the session gets its
    // hint. (Before, each trace of this file was cut at the preview's 30 s time limit: the hint
    // said "lock trace unavailable".)
    const lines = text.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    await client.edit(uri, { start: end, end }, ';\nALTER TABLE entity_1 ADD COLUMN soak_done int;\n');
    const deadline = Date.now() + SOAK_TRACE_MS;
    let hints: InlayHint[] = [];
    while (Date.now() < deadline && !hints.some((h) => h.position.line === lines.length)) {
      await new Promise((r) => setTimeout(r, 200));
      hints = (await client.inlayHints(uri)) ?? [];
    }
    const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : '');
    assert.equal(label(hints.find((h) => h.position.line === lines.length) ?? { position: end, label: 'no hint' }), '🔒 ACCESS EXCLUSIVE entity_1');
    assert.ok(!hints.some((h) => label(h).includes('unavailable')), JSON.stringify(hints.map(label)));
  });
});
