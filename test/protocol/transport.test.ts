/**
 * The transport under malformed input: a didChange the document store cannot apply is refused
 * with one log line (no TypeError) and the server goes on; a frame it cannot read (no or a wrong
 * Content-Length) ends the server with a message, so that the client restarts it.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { LspClient, serverBundle, TempWorkspace } from './client';

describe('protocol: malformed transport input', function () {
  this.timeout(60_000);

  it('refuses didChange notifications with null text or an unknown change shape, and keeps linting', async function () {
    this.timeout(60_000);
    const ws = new TempWorkspace();
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 } });
    try {
      const uri = ws.uriOf('migrations/001_a.sql');
      await client.open(uri, 'DROP TABLE a;\n');
      await client.waitForDiagnostics(uri, (p) => p.version === 1);
      for (const contentChanges of [[{ text: null }], [{ foo: 1 }], [{ range: { start: 1 }, text: 'x' }], null]) {
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges });
      }
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: null, version: 2 }, contentChanges: [] });
      const since = client.mark(uri);
      const version = await client.change(uri, 'DROP TABLE b;\n');
      const published = await client.waitForDiagnostics(uri, (p) => p.version === version, since, 15_000);
      assert.ok(published.diagnostics.some((d) => d.code === 'drop-table'));
      assert.ok((await client.hover(uri, { line: 0, character: 1 })) !== null);
      const refused = client.logs.filter((l) => /refused a malformed textDocument\/didChange/.test(l));
      assert.equal(refused.length, 5, client.logs.join('\n'));
      assert.ok(refused.some((l) => /contentChanges\[0\]\.text is not a string/.test(l)));
      assert.ok(!client.logs.some((l) => /TypeError/.test(l)), client.logs.join('\n'));
      assert.ok(!client.stderr.join('').includes('TypeError'), client.stderr.join(''));
    } finally {
      await client.stop();
      ws.dispose();
    }
  });

  for (const [name, frame] of [
    ['no Content-Length', 'Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","method":"x"}'],
    ['a Content-Length that is no number', 'Content-Length: lots\r\n\r\n{}'],
  ] as const) {
    it(`exits with a message after a frame with ${name}`, async function () {
      this.timeout(30_000);
      const proc = spawn(process.execPath, [await serverBundle(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      proc.stdin.write(frame);
      const timer = setTimeout(() => proc.kill(), 20_000);
      const code = await exited;
      clearTimeout(timer);
      assert.equal(code, 1, `exit code; stderr: ${stderr}`);
      assert.match(stderr, /malformed message frame .*the server exits so that it is restarted/);
    });
  }
});
