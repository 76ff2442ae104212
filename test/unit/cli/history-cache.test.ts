/**
 * `lint <file>` keeps the schema events of the file's history (the set's files it does not lint)
 * in the user's cache folder (cli/history-cache.ts): a pre-commit run beside a long history does
 * not parse it again. The cache is keyed by content, never used from a folder that is not private,
 * and the files the run lints are not in it.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanScratch, runCli, scratchDir, type JsonFinding } from './run';

const INIT = 'CREATE TABLE t (id bigint, a text);\n';
const INDEX = 'CREATE INDEX CONCURRENTLY t_b_idx ON t (b);\n';

function project(): { ws: string; cache: string } {
  const ws = scratchDir();
  mkdirSync(path.join(ws, 'migrations'));
  writeFileSync(path.join(ws, 'migrations/0001_init.sql'), INIT);
  writeFileSync(path.join(ws, 'migrations/0002_index.sql'), INDEX);
  return { ws, cache: path.join(ws, '.cache-home') };
}

async function lintIndex(ws: string, cache: string): Promise<string[]> {
  const r = await runCli(['lint', '--format', 'json', 'migrations/0002_index.sql'], { cwd: ws, env: { XDG_CACHE_HOME: cache } });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as JsonFinding[]).map((f) => `${f.ruleId} ${f.line}:${f.column}`);
}

const historyDir = (cache: string) => path.join(cache, 'migration-lens/lint-history');

interface StoredName {
  kind: string;
  schema?: string;
  name: string;
  parent?: number;
}
interface Stored {
  names: StoredName[];
  entries: [string, { events: { event: string; target: number }[] }][];
}

function storedFile(cache: string): string {
  const files = readdirSync(historyDir(cache)).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1, files.join(', '));
  return path.join(historyDir(cache), files[0]);
}

/** The cache file's entries: each history file's text, with its events (their targets looked up among the stored names). */
function entries(cache: string): [string, { events: { target: StoredName }[] }][] {
  const stored = JSON.parse(readFileSync(storedFile(cache), 'utf8')) as Stored;
  return stored.entries.map(([text, file]) => [text, { events: file.events.map((e) => ({ target: stored.names[e.target] })) }]);
}

/** Rewrites every cached entry as if the earlier file had created column b too. */
function plantColumnB(file: string): void {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
  for (const [, entry] of stored.entries) {
    const a = entry.events.find((e) => stored.names[e.target].kind === 'column' && stored.names[e.target].name === 'a')!;
    const b = stored.names.push({ ...stored.names[a.target], name: 'b' }) - 1;
    entry.events.push({ ...a, target: b });
  }
  writeFileSync(file, JSON.stringify(stored));
}

describe('lint: the history\'s schema events cached between runs', function () {
  this.timeout(60_000);
  after(cleanScratch);

  it('stores the events of the earlier files only, and gives the same findings from the cache', async () => {
    const { ws, cache } = project();
    const first = await lintIndex(ws, cache);
    assert.ok(first.includes('column-does-not-exist 1:41'), first.join(', '));
    const cached = entries(cache);
    assert.equal(cached.length, 1, 'one entry: 0001_init.sql (0002_index.sql is linted, so parsed anyway)');
    assert.equal(cached[0][0], INIT, 'keyed by the text the events were computed from');
    const names = new Set(cached[0][1].events.map((e) => e.target.name));
    assert.ok(['t', 'id', 'a'].every((n) => names.has(n)) && !names.has('t_b_idx'), [...names].join(', '));
    const stored = JSON.parse(readFileSync(storedFile(cache), 'utf8')) as Stored;
    assert.equal(stored.names.filter((n) => n.kind === 'table' && n.name === 't').length, 1, 'each name stored once (table t is also its columns\' parent)');
    assert.ok(stored.names.filter((n) => n.kind === 'column').every((n) => n.parent !== undefined && stored.names[n.parent].name === 't'), 'a column points at its table');
    assert.deepEqual(await lintIndex(ws, cache), first);
  });

  it('reads the earlier files\' events from the cache on the next run', async () => {
    const { ws, cache } = project();
    await lintIndex(ws, cache);
    plantColumnB(storedFile(cache));
    // The cached events say column b exists: the rule trusts them instead of parsing 0001_init.sql again.
    assert.ok(!(await lintIndex(ws, cache)).some((f) => f.startsWith('column-does-not-exist')));
  });

  it('computes an edited earlier file again (entries are keyed by content, not by path)', async () => {
    const { ws, cache } = project();
    assert.ok((await lintIndex(ws, cache)).some((f) => f.startsWith('column-does-not-exist')));
    writeFileSync(path.join(ws, 'migrations/0001_init.sql'), 'CREATE TABLE t (id bigint, a text, b text);\n');
    assert.ok(!(await lintIndex(ws, cache)).some((f) => f.startsWith('column-does-not-exist')));
    writeFileSync(path.join(ws, 'migrations/0001_init.sql'), INIT);
    assert.ok((await lintIndex(ws, cache)).some((f) => f.startsWith('column-does-not-exist')));
    assert.equal(entries(cache).length, 2, 'both texts of 0001_init.sql are kept');
  });

  it('writes the file in ASCII, and reads back a history holding other characters as it was', async () => {
    const { ws, cache } = project();
    const text = `-- Tabelle für Kunden \u2014 \u{1F600}\n${INIT}`;
    writeFileSync(path.join(ws, 'migrations/0001_init.sql'), text);
    const first = await lintIndex(ws, cache);
    const raw = readFileSync(path.join(historyDir(cache), readdirSync(historyDir(cache)).find((f) => f.endsWith('.json'))!));
    assert.ok(raw.every((byte) => byte < 0x80), 'ASCII only');
    assert.equal(entries(cache)[0][0], text);
    assert.deepEqual(await lintIndex(ws, cache), first);
    assert.ok(first.includes('column-does-not-exist 1:41'), first.join(', '));
  });

  it('neither reads nor writes a cache folder that is a symbolic link (it may lead to another user\'s files)', async () => {
    const { ws, cache } = project();
    const elsewhere = path.join(ws, 'elsewhere');
    await lintIndex(ws, elsewhere);
    const planted = path.join(historyDir(elsewhere), readdirSync(historyDir(elsewhere)).find((f) => f.endsWith('.json'))!);
    plantColumnB(planted);
    const before = readFileSync(planted, 'utf8');
    mkdirSync(path.join(cache, 'migration-lens'), { recursive: true });
    symlinkSync(historyDir(elsewhere), historyDir(cache));
    assert.ok((await lintIndex(ws, cache)).some((f) => f.startsWith('column-does-not-exist')), 'the planted events are not read');
    assert.equal(readFileSync(planted, 'utf8'), before, 'nor overwritten');
  });
});
