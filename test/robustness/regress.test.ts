/**
 * Every file of PostgreSQL's regression SQL (every statement form the grammar has, plus plenty
 * that is invalid on purpose) as a migration: through the language server and the CLI, each
 * file gets an answer and neither crashes.
 */
import * as assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LspClient, TempWorkspace } from '../protocol/client';
import { FULL, regressCorpus, REGRESS_DIR } from './corpus';
import { assertDiagnosticsInside } from './checks';
import { describeRun, runCliBig } from './cli';

describe('robustness: PostgreSQL regression SQL', function () {
  let files: string[] = [];
  let ws: TempWorkspace;

  before(function () {
    this.timeout(300_000); // the first run downloads the source package
    const corpus = regressCorpus();
    if ('skip' in corpus) {
      console.warn(`      skipped: ${corpus.skip}`);
      this.skip();
    }
    files = corpus.files;
    ws = new TempWorkspace();
    cpSync(REGRESS_DIR, path.join(ws.dir, 'migrations'), { recursive: true });
    // Every category on (idempotency is off by default where files run once), so that "linted,
    // not passed over" below can still be told from the number of files with findings.
    ws.write('.migration-lens.json', JSON.stringify({ categories: { idempotency: 'warning' } }));
  });

  after(() => ws?.dispose());

  it('the language server publishes diagnostics for every file and stays up', async function () {
    this.timeout(FULL ? 600_000 : 120_000);
    // Idempotency findings are asked for (off by default in a set applied once per file): "nearly every file has findings" counted them.
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0, categories: { idempotency: 'warning' } } });
    let withDiagnostics = 0;
    try {
      for (const file of files) {
        const rel = `migrations/${path.basename(file)}`;
        const uri = ws.uriOf(rel);
        const text = readFileSync(file, 'utf8');
        await client.open(uri, text);
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 30_000);
        assertDiagnosticsInside(published.diagnostics, text, rel);
        if (published.diagnostics.length) withDiagnostics++;
        await client.close(uri);
      }
      assert.ok(client.running, 'the server is still running');
      // Linted as migrations, not passed over: nearly every regression file has findings.
      assert.ok(withDiagnostics > files.length * 0.9, `${withDiagnostics} of ${files.length} files have diagnostics`);
    } finally {
      await client.stop();
    }
  });

  it('the CLI lints every file with an answer per file', async function () {
    this.timeout(120_000);
    const r = await runCliBig(['lint', '--format', 'text', '--fail-on', 'none', 'migrations'], ws.dir);
    assert.equal(r.status, 0, describeRun(r));
    assert.match(r.stdout, new RegExp(`\\(${files.length} files checked\\)`), r.stdout.slice(-500));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace on stderr');
  });
});
