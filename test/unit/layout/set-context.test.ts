import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig, resolveConfig } from '../../../server/src/config';
import { lintText, type Finding } from '../../../server/src/engine';
import { detectSets } from '../../../server/src/layout/detect';
import { memberOf, mergeFindings, readFromDisk, SetContexts, setRulesBesideFileLints } from '../../../server/src/layout/set-context';
import { defineRule, type ObjectKind } from '../../../server/src/rules/types';
import { cleanTemp, tempDir, write } from './helpers';

const JOURNAL = (...tags: string[]) =>
  JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1735689600000 + idx, tag, breakpoints: true })) });

/** A probe rule: reports, on each statement, whether the engine says its table came from an earlier migration. */
const probe = defineRule({
  id: 'probe-created-in-earlier-file',
  category: 'safety',
  defaultSeverity: 'info',
  docs: { summary: 'probe', why: '', instead: '', bad: '', good: '' },
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'IndexStmt') return undefined;
    const table = stmt.node.relation?.relname as string;
    return { message: `${table}: ${ctx.createdInEarlierFile('table' as ObjectKind, table) ? 'earlier migration' : 'not from the set'} (${ctx.convention}, ${ctx.transactionMode})` };
  },
});

/** An up/down set (with one down file) and a drizzle set whose third file is missing from the journal. */
function workspace(): string {
  const root = tempDir();
  write(root, 'migrations/001_users.up.sql', 'CREATE TABLE users (id bigint);\nCREATE INDEX users_id_idx ON users (id);');
  write(root, 'migrations/001_users.down.sql', 'DROP TABLE users;');
  write(root, 'migrations/002_orders.up.sql', 'CREATE TABLE orders (id bigint);\nDO $$ BEGIN CREATE TYPE status AS ENUM (\'new\'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;');
  write(root, 'migrations/003_index.up.sql', 'CREATE INDEX orders_id_idx ON orders (id);\nCREATE INDEX audit_id_idx ON audit (id);');
  write(root, 'drizzle/0000_init.sql', 'CREATE TABLE accounts (id bigint);');
  write(root, 'drizzle/0001_more.sql', 'ALTER TABLE accounts ADD COLUMN name text;');
  write(root, 'drizzle/0002_orphan.sql', 'CREATE TABLE late (id bigint);');
  write(root, 'drizzle/meta/_journal.json', JOURNAL('0000_init', '0001_more'));
  return root;
}

describe('set context for per-file linting', () => {
  after(cleanTemp);

  it('gives each up file the objects of the files applied before it, not its own', () => {
    const root = workspace();
    const sets = detectSets(root, defaultConfig());
    const contexts = new SetContexts();
    const first = contexts.contextOf(sets, join(root, 'migrations/001_users.up.sql'));
    assert.equal(first!.convention, 'up-down');
    assert.deepEqual(first!.priorObjects!(), new Set());
    const third = contexts.contextOf(sets, join(root, 'migrations/003_index.up.sql'))!;
    assert.deepEqual([...third.priorObjects!()].sort(), ['index:users_id_idx', 'table:orders', 'table:users', 'type:status']);
  });

  it('gives a down file everything up to and including its up twin, an orphan every applied file', () => {
    const root = workspace();
    const sets = detectSets(root, defaultConfig());
    const contexts = new SetContexts();
    const down = contexts.contextOf(sets, join(root, 'migrations/001_users.down.sql'))!;
    assert.deepEqual([...down.priorObjects!()].sort(), ['index:users_id_idx', 'table:users']);
    assert.equal(memberOf(sets, join(root, 'drizzle/0002_orphan.sql'))?.role, 'orphan');
    const orphan = contexts.contextOf(sets, join(root, 'drizzle/0002_orphan.sql'))!;
    assert.deepEqual({ convention: orphan.convention, prior: [...orphan.priorObjects!()].sort() }, { convention: 'drizzle', prior: ['column:accounts.name', 'table:accounts'] });
    assert.equal(orphan.unapplied, true);
    assert.equal(down.unapplied, undefined);
    assert.equal(contexts.contextOf(sets, join(root, 'migrations/unrelated.txt')), undefined);
  });

  it('parses a file again only when its text changed, and reads it again only after forget()', () => {
    const root = workspace();
    const sets = detectSets(root, defaultConfig());
    const reads: string[] = [];
    const contexts = new SetContexts({ read: (p) => (reads.push(p), readFromDisk(p)) });
    const users = join(root, 'migrations/001_users.up.sql');
    const keys = contexts.createdBy(users);
    contexts.contextOf(sets, join(root, 'migrations/003_index.up.sql'));
    assert.equal(reads.filter((p) => p === users).length, 1, 'read once per round');
    contexts.forget();
    assert.equal(contexts.createdBy(users), keys, 'same text: the cached parse is reused');
    write(root, 'migrations/001_users.up.sql', 'CREATE TABLE people (id bigint);');
    assert.deepEqual(contexts.createdBy(users), keys, 'not read again before forget()');
    contexts.forget();
    assert.deepEqual(contexts.createdBy(users), ['table:people']);
  });

  it('keeps at most the parses it is told to (keepFewParses, the CLI on two threads), and still keeps events and created objects', () => {
    const root = workspace();
    const contexts = new SetContexts();
    const users = join(root, 'migrations/001_users.up.sql');
    const index = join(root, 'migrations/003_index.up.sql');
    const [usersText, indexText] = [readFromDisk(users)!, readFromDisk(index)!];
    const kept = contexts.parsedFor(users, usersText);
    assert.equal(contexts.parsedFor(users, usersText), kept, 'kept by default: the file\'s lint reuses its timeline\'s parse');
    contexts.keepFewParses(1);
    const again = contexts.parsedFor(users, usersText);
    assert.notEqual(again, kept, 'the parses kept before are let go');
    assert.equal(contexts.parsedFor(users, usersText), again, 'one parse is kept');
    const other = contexts.parsedFor(index, indexText);
    assert.notEqual(contexts.parsedFor(index, indexText), other, 'no second one: parsed again at each request');
    const events = contexts.eventsOf(index, 'up-down');
    assert.equal(contexts.eventsOf(index, 'up-down'), events, 'events are still kept');
    assert.deepEqual(contexts.createdBy(index), ['index:orders_id_idx', 'index:audit_id_idx'], 'the objects a file creates, kept from a parse that was not');
    write(root, 'migrations/003_index.up.sql', 'CREATE TABLE people (id bigint);');
    contexts.forget();
    contexts.parsedFor(index, readFromDisk(index)!);
    assert.deepEqual(contexts.createdBy(index), ['table:people'], 'kept by the text they were read from');
  });

  it('lets a released set\'s events and timeline go, and keeps the other sets\' (releaseSet)', () => {
    const root = workspace();
    const sets = detectSets(root, defaultConfig());
    const contexts = new SetContexts();
    const upDown = sets.find((s) => s.convention === 'up-down')!;
    const users = join(root, 'migrations/001_users.up.sql');
    const init = join(root, 'drizzle/0000_init.sql');
    const [usersEvents, initEvents] = [contexts.eventsOf(users, 'up-down'), contexts.eventsOf(init, 'drizzle')];
    const whole = contexts.contextOf(sets, users)!.setFiles!().files;
    assert.equal(contexts.eventsOf(users, 'up-down'), usersEvents, 'kept until released');
    contexts.releaseSet(upDown);
    assert.notEqual(contexts.eventsOf(users, 'up-down'), usersEvents, 'computed again after its set was released');
    assert.notEqual(contexts.contextOf(sets, users)!.setFiles!().files, whole, 'the set\'s timeline is built anew');
    assert.equal(contexts.eventsOf(init, 'drizzle'), initEvents, 'another set\'s events stay');
  });

  it('answers for the list of sets it is given, not the last one it indexed (contextOf)', () => {
    const root = workspace();
    const sets = detectSets(root, defaultConfig());
    const contexts = new SetContexts();
    const init = join(root, 'drizzle/0000_init.sql');
    assert.equal(contexts.contextOf(sets, init)?.convention, 'drizzle');
    assert.equal(contexts.contextOf(sets.filter((s) => s.convention !== 'drizzle'), init), undefined);
    assert.equal(contexts.contextOf(sets.map((s) => ({ ...s, convention: 'generic' as const })), init)?.convention, 'generic');
    assert.equal(contexts.contextOf(sets, join(root, 'drizzle/0002_orphan.sql'))?.unapplied, true);
  });

  it('skips files it cannot parse: unreadable, binary or over the size limit', () => {
    const root = workspace();
    const big = write(root, 'migrations/big.sql', `CREATE TABLE big (id bigint);\n-- ${'x'.repeat(200)}`);
    const binary = write(root, 'migrations/bin.sql', 'CREATE TABLE bin (id bigint);\u0000');
    const contexts = new SetContexts({ maxFileSize: 100 });
    assert.deepEqual(contexts.createdBy(big), []);
    assert.deepEqual(contexts.createdBy(binary), []);
    assert.deepEqual(contexts.createdBy(join(root, 'missing.sql')), []);
    assert.deepEqual(new SetContexts({ read: () => { throw new Error('EACCES'); } }).createdBy(big), []);
  });

  it('lets the engine tell a table of an earlier migration from an unknown one, with the set convention', () => {
    const root = workspace();
    const sets = detectSets(root, defaultConfig());
    const file = join(root, 'migrations/003_index.up.sql');
    const set = new SetContexts().contextOf(sets, file);
    const messages = (s?: typeof set) => lintText(readFromDisk(file)!, { path: 'migrations/003_index.up.sql', set: s, rules: [probe] }).findings.filter((f) => f.ruleId === probe.id).map((f) => f.message);
    assert.deepEqual(messages(set), ['orders: earlier migration (up-down, script)', 'audit: not from the set (up-down, script)']);
    assert.deepEqual(messages(undefined), ['orders: not from the set (up-down, script)', 'audit: not from the set (up-down, script)']);
  });

  it('gives a drizzle file outside migrations/ its set convention rather than the path guess', () => {
    const root = workspace();
    write(root, 'drizzle/0001_more.sql', 'CREATE INDEX accounts_id_idx ON accounts (id);');
    write(root, 'drizzle/meta/_journal.json', JOURNAL('0000_init', '0001_more'));
    const sets = detectSets(root, defaultConfig());
    const set = new SetContexts().contextOf(sets, join(root, 'drizzle/0001_more.sql'));
    const lint = lintText('CREATE INDEX accounts_id_idx ON accounts (id);', { path: 'drizzle/0001_more.sql', set, rules: [probe] });
    assert.equal(lint.convention, 'drizzle');
    assert.deepEqual(lint.findings.map((f) => f.message), ['accounts: earlier migration (drizzle, all)']);
    // The configuration's convention still wins over detection.
    assert.equal(lintText('SELECT 1;', { path: 'drizzle/0001_more.sql', set, config: resolveConfig({ convention: 'numbered' }) }).convention, 'numbered');
  });
});

describe('mergeFindings', () => {
  const finding = (ruleId: string, start: number): Finding => ({ ruleId, category: 'layout', severity: 'error', message: ruleId, start, end: start + 1, fixes: [] });
  const perFile = [finding('syntax-error', 5), finding('drop-table', 20)];
  const fromSet = [finding('down-does-not-parse', 5), finding('missing-down-migration', 0)];

  it('reports a down file syntax error once: the per-file one while syntax-error is on', () => {
    assert.deepEqual(mergeFindings(perFile, fromSet, defaultConfig()).map((f) => f.ruleId), ['missing-down-migration', 'syntax-error', 'drop-table']);
  });

  it('keeps down-does-not-parse when syntax-error is switched off', () => {
    const config = resolveConfig({ rules: { 'syntax-error': 'off' } });
    const merged = mergeFindings(perFile.slice(1), fromSet, config).map((f) => f.ruleId);
    assert.deepEqual(merged, ['missing-down-migration', 'down-does-not-parse', 'drop-table']);
  });
});

describe('setRulesBesideFileLints', () => {
  const ids = (config: ReturnType<typeof defaultConfig>) => setRulesBesideFileLints(config).map((r) => r.id);

  it('leaves out down-does-not-parse while syntax-error reports the same error on each linted file', () => {
    assert.ok(!ids(defaultConfig()).includes('down-does-not-parse'));
    assert.ok(ids(defaultConfig()).includes('missing-down-migration'));
  });

  it('keeps it where syntax-error is off', () => {
    assert.ok(ids(resolveConfig({ rules: { 'syntax-error': 'off' } })).includes('down-does-not-parse'));
  });
});
