/**
 * After activation the language server lints every migration of every set in the background,
 * with progress, so the Problems panel shows the whole picture without opening a file: per-file
 * findings arrive for files that were never opened, merged with the set-level ones. With
 * `lintOpenFilesOnly` only the set-level findings come.
 */
import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from './client';

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code)).sort();

function workspace(): TempWorkspace {
  const ws = new TempWorkspace();
  ws.write('drizzle/0000_init.sql', 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n');
  ws.write('drizzle/0001_index.sql', 'CREATE INDEX accounts_name_idx ON accounts (name);\n');
  ws.write('drizzle/0002_orphan.sql', 'ALTER TABLE accounts ADD COLUMN plan text NOT NULL;\n');
  ws.write('drizzle/meta/_journal.json', JSON.stringify({ version: '7', dialect: 'postgresql', entries: ['0000_init', '0001_index'].map((tag, idx) => ({ idx, version: '7', when: 1700000000000 + idx, tag, breakpoints: true })) }));
  return ws;
}

describe('background lint of every set', function () {
  const started: { client: LspClient; ws: TempWorkspace }[] = [];
  after(async () => {
    for (const { client, ws } of started) {
      await client.stop();
      ws.dispose();
    }
  });
  async function start(settings: Record<string, unknown>): Promise<{ client: LspClient; ws: TempWorkspace }> {
    const ws = workspace();
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50, ...settings }, workDoneProgress: true });
    started.push({ client, ws });
    return { client, ws };
  }

  it('publishes per-file findings of files never opened, with their set context, and shows progress', async function () {
    this.timeout(120_000); // the first run builds the bundle
    const { client, ws } = await start({});
    // An index on a table of an earlier migration of the set: a per-file finding, known from the set context.
    const index = await client.waitForDiagnostics(ws.uriOf('drizzle/0001_index.sql'), (p) => codes(p).includes('create-index-not-concurrently'), 0, 30_000);
    assert.match(index.diagnostics.find((d) => d.code === 'create-index-not-concurrently')!.message, /existing table accounts/);
    // Set-level and per-file findings together on one unopened file.
    const orphan = await client.waitForDiagnostics(ws.uriOf('drizzle/0002_orphan.sql'), (p) => codes(p).includes('file-missing-from-journal') && codes(p).includes('add-required-column'), 0, 30_000);
    assert.ok(codes(orphan).includes('add-required-column'), JSON.stringify(codes(orphan)));
    const kinds = client.progress.map((p) => p.value.kind);
    assert.ok(kinds.includes('begin') && kinds.includes('end'), JSON.stringify(client.progress));
    assert.match(client.progress.find((p) => p.value.kind === 'begin')!.value.title!, /^Migration Lens: linting 3 migrations$/);
  });

  it('a refresh lints again only the files whose inputs changed: the edited file and the ones applied after it', async function () {
    this.timeout(180_000);
    const { client, ws } = await start({});
    const titles = () => client.progress.flatMap((p) => (p.value.kind === 'begin' && p.value.title ? [p.value.title] : []));
    const nextTitle = async (seen: number) => {
      const deadline = Date.now() + 60_000;
      while (titles().length <= seen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return titles()[seen];
    };
    const index = ws.uriOf('drizzle/0001_index.sql');
    const orphan = ws.uriOf('drizzle/0002_orphan.sql');
    await client.waitForDiagnostics(index, (p) => codes(p).includes('create-index-not-concurrently'), 0, 30_000);
    await client.waitForDiagnostics(orphan, (p) => codes(p).includes('add-required-column'), 0, 30_000);
    assert.deepEqual(titles(), ['Migration Lens: linting 3 migrations']);

    // The orphan (applied after every up file) changed: it alone.
    let seen = titles().length;
    let since = client.mark(orphan);
    ws.write('drizzle/0002_orphan.sql', 'ALTER TABLE accounts ADD COLUMN plan text;\n');
    await client.fileChanged(orphan);
    assert.equal(await nextTitle(seen), 'Migration Lens: linting 1 of 3 migrations (2 unchanged)');
    await client.waitForDiagnostics(orphan, (p) => !codes(p).includes('add-required-column'), since, 30_000);

    // The first migration changed: every file after it reads it through its set context.
    seen = titles().length;
    since = client.mark(index);
    ws.write('drizzle/0000_init.sql', 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\nDROP TABLE accounts;\n');
    await client.fileChanged(ws.uriOf('drizzle/0000_init.sql'));
    assert.equal(await nextTitle(seen), 'Migration Lens: linting 3 migrations');
    // The unchanged index file now uses a table an earlier migration dropped.
    await client.waitForDiagnostics(index, (p) => codes(p).includes('object-dropped-earlier'), since, 30_000);

    // The middle one changed: it and the orphan after it.
    seen = titles().length;
    ws.write('drizzle/0001_index.sql', 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n');
    await client.fileChanged(index);
    assert.equal(await nextTitle(seen), 'Migration Lens: linting 2 of 3 migrations (1 unchanged)');
  });

  it('with lintOpenFilesOnly, unopened files get only the set-level findings', async function () {
    this.timeout(60_000);
    const { client, ws } = await start({ lintOpenFilesOnly: true });
    const orphan = await client.waitForDiagnostics(ws.uriOf('drizzle/0002_orphan.sql'), (p) => codes(p).includes('file-missing-from-journal'), 0, 30_000);
    assert.deepEqual(codes(orphan), ['file-missing-from-journal']);
    assert.equal(client.mark(ws.uriOf('drizzle/0001_index.sql')), 0, 'nothing for a file with no set finding');
  });
});
