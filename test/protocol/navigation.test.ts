/**
 * Definition, references, hover on names, document and workspace symbols and schema completion
 * over stdio, on a set of four migrations: a column renamed, a table dropped and created again,
 * an enum extended, non-ASCII names with non-ASCII text before them (ranges are UTF-16).
 */
import * as assert from 'node:assert/strict';
import type { CompletionItem, DocumentSymbol, Hover, Location, MarkupContent, SymbolInformation } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from './client';

const F1 = [
  '-- Créé pour l’équipe ☕',
  'CREATE TABLE users (',
  '  id bigint PRIMARY KEY,',
  '  "émail" text NOT NULL',
  ');',
  "CREATE TYPE mood AS ENUM ('happy', 'sad');",
  '',
].join('\n');
const F2 = [
  '-- Renommé ☕☕',
  'ALTER TABLE users RENAME COLUMN "émail" TO email;',
  "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad';",
  'CREATE TABLE notes (id bigint, body text, m mood);',
  '',
].join('\n');
const F3 = [
  'DROP TABLE notes;',
  'CREATE TABLE notes (id bigint, author_id bigint REFERENCES users (id));',
  'CREATE INDEX users_email_idx ON users (email);',
  '',
].join('\n');
const F4 = ['-- 😀 dernière', 'UPDATE users SET email = lower(email) WHERE id = 1;', 'INSERT INTO notes (id, author_id) VALUES (1, 1);', ''].join('\n');

describe('schema navigation over stdio', function () {
  let ws: TempWorkspace;
  let client: LspClient;
  const uris: string[] = [];

  before(async function () {
    this.timeout(120_000);
    ws = new TempWorkspace();
    uris.push(ws.write('migrations/0001_init.sql', F1), ws.write('migrations/0002_rename.sql', F2), ws.write('migrations/0003_notes.sql', F3), ws.write('migrations/0004_data.sql', F4));
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
    for (const [i, text] of [F1, F2, F3, F4].entries()) await client.open(uris[i], text);
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  const at = (uri: number, line: number, character: number) => ({ textDocument: { uri: uris[uri] }, position: { line, character } });
  const loc = (uri: number, line: number, from: number, to: number): Location => ({ uri: uris[uri], range: { start: { line, character: from }, end: { line, character: to } } });
  const request = <T>(method: string, params: unknown): Promise<T> => client.connection.sendRequest(method, params);

  it('goes to the creation of a renamed column, then to its rename, across files (UTF-16 ranges after non-ASCII text)', async () => {
    // `email` in 0004's UPDATE: line 1, character 17.
    const defs = await request<Location[]>('textDocument/definition', at(3, 1, 18));
    assert.deepEqual(defs, [loc(0, 3, 2, 9), loc(1, 1, 32, 39), loc(1, 1, 43, 48)]);
  });

  it('finds every reference of the column, under both names, in apply order', async () => {
    const refs = await request<Location[]>('textDocument/references', { ...at(0, 3, 4), context: { includeDeclaration: true } });
    assert.deepEqual(refs, [loc(0, 3, 2, 9), loc(1, 1, 32, 39), loc(1, 1, 43, 48), loc(2, 2, 39, 44), loc(3, 1, 17, 22), loc(3, 1, 31, 36)]);
    const noDecl = await request<Location[]>('textDocument/references', { ...at(0, 3, 4), context: { includeDeclaration: false } });
    assert.equal(noDecl.length, 5);
  });

  it('tells a table dropped and created again from the first one', async () => {
    // `notes` in 0004's INSERT is the second table.
    assert.deepEqual(await request<Location[]>('textDocument/definition', at(3, 2, 14)), [loc(2, 1, 13, 18)]);
    // The first `notes` ends with the DROP.
    const first = await request<Location[]>('textDocument/references', { ...at(1, 3, 15), context: { includeDeclaration: true } });
    assert.deepEqual(first, [loc(1, 3, 13, 18), loc(2, 0, 11, 16)]);
  });

  it('hovers a name with the object as it stands before the statement, where it was made, and what the statement does', async () => {
    const hover = await request<Hover>('textDocument/hover', at(1, 1, 34));
    const text = (hover.contents as MarkupContent).value;
    // The rename is also a finding there: its rule's documentation follows the object.
    assert.match(text, /---/);
    assert.match(text, /\*\*column\*\* `users\.émail`/);
    assert.match(text, /émail text NOT NULL/);
    assert.match(text, /Created in \[migrations\/0001_init\.sql:4\]/);
    assert.match(text, /renames it to `email`/);
    // The enum as 0003 sees it: extended with 'meh' before 'sad'.
    const mood = await request<Hover>('textDocument/hover', at(1, 3, 46));
    assert.match((mood.contents as MarkupContent).value, /TYPE mood AS ENUM \('happy', 'meh', 'sad'\)/);
    // The table before the UPDATE: its columns with the renamed one.
    const users = await request<Hover>('textDocument/hover', at(3, 1, 9));
    assert.deepEqual(users.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 12 } });
    assert.match((users.contents as MarkupContent).value, /TABLE users \(\n {2}id bigint NOT NULL,\n {2}email text NOT NULL\n\)/);
  });

  it('lists each statement as a symbol with what it creates', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uris[0] } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind, s.selectionRange, (s.children ?? []).map((c) => c.name)]),
      [
        ['CREATE TABLE users', 23, { start: { line: 1, character: 13 }, end: { line: 1, character: 18 } }, ['id', 'émail']],
        ['CREATE TYPE mood', 10, { start: { line: 5, character: 12 }, end: { line: 5, character: 16 } }, ['happy', 'sad']],
      ],
    );
  });

  it('finds workspace symbols of the schema the migrations leave', async () => {
    const found = await request<SymbolInformation[]>('workspace/symbol', { query: 'note' });
    assert.deepEqual(found.map((s) => [s.name, s.location]), [['notes', loc(2, 1, 13, 18)]]);
    const email = await request<SymbolInformation[]>('workspace/symbol', { query: 'email' });
    assert.ok(email.some((s) => s.name === 'email' && s.containerName === 'users'));
  });

  it('completes tables, the columns of the statement’s table, types and enum values from the schema before the statement', async () => {
    const text = `${F4}INSERT INTO notes (`;
    await client.change(uris[3], text);
    const cols = await request<CompletionItem[]>('textDocument/completion', at(3, 3, 19));
    assert.deepEqual(cols.map((c) => c.label).sort(), ['author_id', 'id']);
    await client.change(uris[3], `${F4}ALTER TABLE `);
    const tables = await request<CompletionItem[]>('textDocument/completion', at(3, 3, 12));
    assert.deepEqual(tables.map((c) => c.label).sort(), ['notes', 'users']);
    await client.change(uris[3], `${F4}ALTER TABLE users ADD COLUMN feeling `);
    const types = await request<CompletionItem[]>('textDocument/completion', at(3, 3, 37));
    assert.equal(types[0]?.label, 'mood');
    assert.ok(types.some((c) => c.label === 'bigint'));
    await client.change(uris[3], `${F4}SELECT 'x'::mood = '`);
    const values = await request<CompletionItem[]>('textDocument/completion', at(3, 3, 20));
    assert.deepEqual(values.map((c) => c.label), ['happy', 'meh', 'sad']);
    await client.change(uris[3], F4);
  });
});

describe('rename of a name the last migration creates, over stdio', function () {
  let ws: TempWorkspace;
  let client: LspClient;
  const FIRST = 'CREATE TABLE users (id bigint PRIMARY KEY);\n';
  const LAST = ['-- ☕ notes', 'CREATE TABLE notes (id bigint, "bödy" text, user_id bigint REFERENCES users (id));', 'CREATE INDEX notes_body_idx ON notes ("bödy");', 'INSERT INTO notes (id, "bödy") VALUES (1, \'x\');', ''].join('\n');
  let first: string;
  let last: string;

  before(async function () {
    this.timeout(120_000);
    ws = new TempWorkspace();
    first = ws.write('migrations/0001_users.sql', FIRST);
    last = ws.write('migrations/0002_notes.sql', LAST);
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
    await client.open(first, FIRST);
    await client.open(last, LAST);
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('renames a column everywhere in the file that creates it, quoting the new name when it must be', async () => {
    const pos = { textDocument: { uri: last }, position: { line: 1, character: 32 } };
    const prepared = await client.connection.sendRequest<{ range: unknown; placeholder: string }>('textDocument/prepareRename', pos);
    assert.deepEqual(prepared, { range: { start: { line: 1, character: 31 }, end: { line: 1, character: 37 } }, placeholder: 'bödy' });
    const edit = await client.connection.sendRequest<{ changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> }>('textDocument/rename', { ...pos, newName: 'Body' });
    assert.deepEqual(
      edit.changes[last].map((e) => [e.range.start.line, e.range.start.character, e.newText]),
      [[1, 31, '"Body"'], [2, 38, '"Body"'], [3, 23, '"Body"']],
    );
  });

  it('refuses a name an earlier migration creates: that takes a new migration', async () => {
    await assert.rejects(
      client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: last }, position: { line: 1, character: 70 } }),
      /This migration does not create users/,
    );
  });
});

describe('schema completion in a set the migration globs do not reach, over stdio', function () {
  it('offers the tables of a sqitch project whose sqitch.conf puts the deploy scripts in db/ddl', async function () {
    this.timeout(120_000);
    const ws = new TempWorkspace();
    ws.write('sqitch.conf', '[core]\n\tengine = pg\n\ttop_dir = db\n\tplan_file = db/widgets.plan\n[engine "pg"]\n\tdeploy_dir = db/ddl\n');
    ws.write('db/widgets.plan', '%syntax-version=1.0.0\n%project=widgets\n\nschema 2024-02-01T10:00:00Z Ann <ann@example.com> # The app schema.\nwidgets [schema] 2024-02-01T10:05:00Z Ann <ann@example.com> # Widgets.\n');
    ws.write('db/ddl/schema.sql', 'BEGIN;\nCREATE SCHEMA app;\nCOMMIT;\n');
    const text = 'BEGIN;\nCREATE TABLE app.widgets (id bigint PRIMARY KEY, name text NOT NULL);\nCOMMIT;\nALTER TABLE ';
    const uri = ws.write('db/ddl/widgets.sql', text);
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
    try {
      await client.open(uri, text);
      const items: CompletionItem[] = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 12 } });
      assert.ok(items.some((i) => i.label === 'app.widgets'), JSON.stringify(items.map((i) => i.label)));
    } finally {
      await client.stop();
      ws.dispose();
    }
  });
});
