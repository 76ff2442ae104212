import * as assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { FrameWriter } from '../../../server/src/lsp/frame-writer';

describe('language server frame writer: one write per message', () => {
  it('writes header and body of each message in one write, with the UTF-8 length, read back as sent', async function () {
    this.timeout(5_000);
    const writes: string[] = [];
    const pipe = new PassThrough();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString('utf8'));
        pipe.write(chunk, done);
      },
    });
    const writer = new FrameWriter(stream);
    const sent: Message[] = [
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///m/001.sql', diagnostics: [{ message: 'table « orders » 注文 🎉' }] } } as Message,
      { jsonrpc: '2.0', id: 1, result: null } as Message,
    ];
    const received: Message[] = [];
    const reader = new StreamMessageReader(pipe);
    const all = new Promise<void>((resolve) => reader.listen((m) => received.push(m) === sent.length && resolve()));
    for (const m of sent) await writer.write(m);
    await all;
    assert.equal(writes.length, sent.length);
    for (const [i, w] of writes.entries()) {
      const [header, body] = w.split('\r\n\r\n');
      assert.equal(header, `Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
      assert.deepEqual(JSON.parse(body), sent[i]);
    }
    assert.deepEqual(received, sent);
    reader.dispose();
  });

  it('reports a failed write as an error of the writer and rejects', async function () {
    this.timeout(5_000);
    const stream = new Writable({ write: (_chunk, _encoding, done) => done(new Error('EPIPE')) });
    stream.on('error', () => undefined);
    const writer = new FrameWriter(stream);
    const errors: Error[] = [];
    writer.onError(([e]) => errors.push(e));
    await assert.rejects(writer.write({ jsonrpc: '2.0' }), /EPIPE/);
    assert.ok(errors.some((e) => /EPIPE/.test(e.message)));
  });
});
