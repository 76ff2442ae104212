/**
 * Long editing sessions (issue #19): a burst of edits is linted once, at its newest version,
 * whatever the debounce.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LspClient, TempWorkspace } from './client';

/** A realistic migration of `lines` lines (the benchmarks' generator). */
async function migrationOfLines(lines: number): Promise<string> {
  const corpus = (await import(path.resolve(__dirname, '../../bench/corpus.mjs'))) as { migrationOfLines(lines: number): string };
  return corpus.migrationOfLines(lines);
}

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
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0, preview: { lockTrace: false } } });
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
});
