/**
 * Definition, references, hover on names, document and workspace symbols and schema completion
 * over stdio, on a set of four migrations: a column renamed, a table dropped and created again,
 * an enum extended, non-ASCII names with non-ASCII text before them (ranges are UTF-16).
 */
import * as assert from 'node:assert/strict';
import type { CompletionItem, DocumentSymbol, Hover, Location, MarkupContent, SymbolInformation } from 'vscode-languageserver/node';
import { METHODS, type SetsResult } from '../../shared/protocol';
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
    // Its history in apply order (VS Code sorts the references list by file).
    const history = text.slice(text.indexOf('History, in apply order:')).split('\n---')[0].trim();
    assert.equal(
      history,
      [
        'History, in apply order:',
        `1. created: [migrations/0001_init.sql:4](${uris[0]}#L4)`,
        `2. renamed to \`email\`: [migrations/0002_rename.sql:2](${uris[1]}#L2) (this statement)`,
      ].join('\n'),
    );
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

describe('hover and workspace symbols from the schema preview, over stdio', function () {
  this.timeout(180_000);
  const P1 = ['-- ☕ init', 'CREATE TABLE users (', '  id bigserial PRIMARY KEY,', "  email varchar(40) NOT NULL DEFAULT 'x'", ');', "CREATE TYPE mood AS ENUM ('happy', 'sad');", ''].join('\n');
  const P2 = ['CREATE FUNCTION touch(n integer) RETURNS integer LANGUAGE sql AS $$ SELECT n + 1 $$;', "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad';", ''].join('\n');
  const P3 = ["INSERT INTO users (email) VALUES ('a');", 'SELECT touch(1);', 'ALTER TABLE users ADD COLUMN m mood;', ''].join('\n');
  let ws: TempWorkspace;
  let client: LspClient;
  const uris: string[] = [];
  const hover = async (uri: string, line: number, character: number) => {
    const h = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return h ? (h.contents as MarkupContent).value : '';
  };
  const sql = (text: string) => /```sql\n([^]*?)\n```/.exec(text)?.[1];
  const PREVIEWED = /_As the schema preview has it \(PostgreSQL's catalog\)\._/;

  before(async () => {
    ws = new TempWorkspace();
    uris.push(ws.write('migrations/0001_init.sql', P1), ws.write('migrations/0002_touch.sql', P2), ws.write('migrations/0003_use.sql', P3));
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
    for (const [i, text] of [P1, P2, P3].entries()) await client.open(uris[i], text);
    const previewed = await client.connection.sendRequest<SetsResult>(METHODS.preview, { dirty: [] });
    assert.equal(previewed.sets[0]?.result?.ok, true, JSON.stringify(previewed.sets[0]?.result?.error ?? previewed.sets[0]?.failure));
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('shows a function, an enum and a column as PostgreSQL reports them where nothing changes them after the statement', async () => {
    const touch = await hover(uris[2], 1, 8);
    assert.equal(sql(touch), 'FUNCTION public.touch(n integer) RETURNS integer LANGUAGE sql');
    assert.match(touch, PREVIEWED);
    assert.equal(sql(await hover(uris[2], 2, 31)), "CREATE TYPE public.mood AS ENUM ('happy', 'meh', 'sad');");
    assert.equal(sql(await hover(uris[2], 0, 20)), "email character varying(40) DEFAULT 'x'::character varying NOT NULL");
  });

  it('answers from the static timeline where a later statement changes the object before the preview’s end', async () => {
    // The INSERT comes before the ADD COLUMN of the same file: the preview's table has one column too many.
    const users = await hover(uris[2], 0, 14);
    assert.equal(sql(users), 'TABLE users (\n  id bigserial NOT NULL,\n  email varchar(40) NOT NULL\n)');
    assert.doesNotMatch(users, PREVIEWED);
    // An enum value is shown with its type, which 0002 extends later.
    assert.equal(sql(await hover(uris[0], 5, 28)), "TYPE mood AS ENUM ('happy', 'sad')");
    // The ALTER itself is shown as it stood before it.
    assert.equal(sql(await hover(uris[2], 2, 14)), 'TABLE users (\n  id bigserial NOT NULL,\n  email varchar(40) NOT NULL\n)');
  });

  it('lists the previewed schema’s objects as workspace symbols, at the line that made each', async () => {
    const found = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'users' });
    const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    // The table where the timeline sees it made; its primary key and serial sequence, which no statement names, at their statement's line.
    assert.deepEqual(
      found.map((s) => [s.name, s.kind, s.containerName, s.location.uri, s.location.range]),
      [
        ['users', 23, 'public', uris[0], range(1, 13, 18)],
        ['users_pkey', 7, 'users', uris[0], range(1, 0, 0)],
        ['users_id_seq', 16, 'public', uris[0], range(1, 0, 0)],
      ],
    );
    const members = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'mail' });
    assert.deepEqual(members.map((s) => [s.name, s.kind, s.containerName, s.location.uri, s.location.range]), [['email', 8, 'users', uris[0], range(3, 2, 7)]]);
    const mood = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'mood' });
    assert.deepEqual(mood.map((s) => [s.name, s.kind, s.containerName, s.location.uri, s.location.range]), [['mood', 10, 'public', uris[0], range(5, 12, 16)]]);
  });

  it('shows a table from the preview in a migration added after it ran, while a later statement of it is still being typed', async () => {
    const text = "COMMENT ON TABLE users IS 'People.';\nALTER TABLE users ADD COLUMN\n";
    const uri = ws.write('migrations/0004_comment.sql', text);
    await client.open(uri, text);
    const users = await hover(uri, 0, 18);
    assert.equal(
      sql(users),
      [
        'CREATE TABLE public.users (',
        "    id bigint DEFAULT nextval('users_id_seq'::regclass) NOT NULL,",
        "    email character varying(40) DEFAULT 'x'::character varying NOT NULL,",
        '    m mood,',
        '    CONSTRAINT users_pkey PRIMARY KEY (id)',
        ');',
      ].join('\n'),
    );
    assert.match(users, PREVIEWED);
  });

  it('falls back to the static timeline once a file the preview ran changes', async () => {
    await client.change(uris[0], `${P1}-- edited\n`);
    const touch = await hover(uris[2], 1, 8);
    assert.equal(sql(touch), 'FUNCTION touch(n integer) RETURNS integer');
    assert.doesNotMatch(touch, PREVIEWED);
    const found = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'touch' });
    assert.deepEqual(found.map((s) => [s.name, s.location.range.start.line]), [['touch', 0]]);
    await client.change(uris[0], P1);
  });
});

describe('schema completion on the shapes a statement takes while it is typed, over stdio', function () {
  const G1 = [
    'CREATE SCHEMA app;',
    'CREATE TABLE app."Widgets" (id bigint PRIMARY KEY, "Name" text NOT NULL, kind text);',
    "CREATE TYPE app.shade AS ENUM ('light', 'dark');",
    'CREATE TABLE users (id bigint PRIMARY KEY, email text, shade app.shade);',
    '',
  ].join('\n');
  const HEAD = '-- ☕ typing\nSELECT 1;\n';
  let ws: TempWorkspace;
  let client: LspClient;
  let uri: string;

  before(async function () {
    this.timeout(120_000);
    ws = new TempWorkspace();
    ws.write('migrations/0001_init.sql', G1);
    uri = ws.write('migrations/0002_typing.sql', HEAD);
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
    await client.open(uri, HEAD);
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  /** The labels (with the text inserted when it differs) offered at the end of `typed`, written after HEAD. */
  const offered = async (typed: string) => {
    const text = HEAD + typed;
    await client.change(uri, text);
    const lines = text.split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    return items.map((i) => (i.insertText ? `${i.label}→${i.insertText}` : i.label)).sort();
  };
  const WIDGET_COLUMNS = ['Name→"Name"', 'id', 'kind'];
  const USER_COLUMNS = ['email', 'id', 'shade'];

  it('reads a statement spread over lines with comments between its words and a quoted, schema-qualified name', async function () {
    this.timeout(30_000);
    assert.deepEqual(await offered('ALTER TABLE\n  -- the widgets\n  app."Widgets"\n  /* then */ ALTER COLUMN '), WIDGET_COLUMNS);
  });

  it('offers the tables after ALTER TABLE ONLY and IF EXISTS, and the columns after DROP COLUMN IF EXISTS', async function () {
    this.timeout(30_000);
    const relations = ['app', 'app.Widgets→app."Widgets"', 'users'];
    assert.deepEqual(await offered('ALTER TABLE ONLY '), relations);
    assert.deepEqual(await offered('ALTER TABLE IF EXISTS '), relations);
    assert.deepEqual(await offered('ALTER TABLE IF EXISTS ONLY public.users DROP COLUMN IF EXISTS '), USER_COLUMNS);
  });

  it('offers the columns of an INSERT’s column list across lines, the word being typed included', async function () {
    this.timeout(30_000);
    assert.deepEqual(await offered('INSERT INTO app."Widgets" (\n  id,\n  -- the name next\n  Na'), WIDGET_COLUMNS);
    assert.deepEqual(await offered('INSERT INTO users (id,\n  email, '), USER_COLUMNS);
  });

  it('offers the columns after UPDATE t SET and after a comma of its SET list', async function () {
    this.timeout(30_000);
    assert.deepEqual(await offered('UPDATE users SET '), USER_COLUMNS);
    assert.deepEqual(await offered("UPDATE ONLY users AS u SET email = 'it''s', "), USER_COLUMNS);
  });

  it('offers the columns of CREATE INDEX … ON t USING btree (', async function () {
    this.timeout(30_000);
    assert.deepEqual(await offered('CREATE INDEX CONCURRENTLY IF NOT EXISTS widgets_kind ON ONLY app."Widgets" USING btree ('), WIDGET_COLUMNS);
  });

  it('offers a schema’s relations after `schema.`, an alias’s columns after `alias.`, and the values of a column’s enum in a string', async function () {
    this.timeout(30_000);
    assert.deepEqual(await offered('SELECT * FROM app.'), ['Widgets→"Widgets"']);
    assert.deepEqual(await offered('SELECT * FROM app."Widgets" w WHERE w.'), WIDGET_COLUMNS);
    assert.deepEqual(await offered("UPDATE users SET shade = '"), ['dark', 'light']);
    assert.ok((await offered('ALTER TABLE users ADD COLUMN IF NOT EXISTS tone ')).includes('app.shade'));
  });

  it('offers nothing inside a comment', async function () {
    this.timeout(30_000);
    assert.deepEqual(await offered('ALTER TABLE users -- ALTER COLUMN '), []);
    assert.deepEqual(await offered('ALTER TABLE /* ALTER COLUMN '), []);
  });
});
