import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildCli, cleanScratch, lintJson, REPO, runCli, scratchDir } from './run';

const LAYOUTS = path.join(REPO, 'test/fixtures/layouts');

/** A scratch copy of a layout fixture: `new` writes into it. */
function workspace(fixture: string): string {
  const dir = scratchDir();
  cpSync(path.join(LAYOUTS, fixture), dir, { recursive: true });
  return dir;
}

const created = (stdout: string) => [...stdout.matchAll(/^created (.+)$/gm)].map((m) => m[1]);

describe('cli: migration-lens new', function () {
  this.timeout(60_000);
  before(async () => {
    await buildCli();
  });
  after(cleanScratch);

  it('creates the next sorted file and prints its path; the file lints clean', async () => {
    const ws = workspace('init-sorted');
    const r = await runCli(['new', 'add', 'recommendations'], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(created(r.stdout), ['db/init/05_add_recommendations.sql']);
    assert.equal(readFileSync(path.join(ws, 'db/init/05_add_recommendations.sql'), 'utf8'), '');
    // Nothing to fix but the reminder that the new file is still empty.
    const lint = await lintJson(['db/init/05_add_recommendations.sql'], ws);
    assert.deepEqual(lint.findings.map((f) => f.ruleId), ['empty-migration']);
  });

  it('drizzle: prints the new file and the updated journal, which stays valid JSON', async () => {
    const ws = workspace('drizzle-v5');
    const r = await runCli(['new', 'another feature'], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'created drizzle/0003_another_feature.sql\nupdated drizzle/meta/_journal.json\n');
    const journal = JSON.parse(readFileSync(path.join(ws, 'drizzle/meta/_journal.json'), 'utf8'));
    assert.equal(journal.entries.at(-1).tag, '0003_another_feature');
  });

  it('--dir picks the set; without it several sets are listed and nothing is written (exit 2)', async () => {
    const ws = workspace('monorepo');
    const refused = await runCli(['new', 'x'], { cwd: ws });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /several migration sets; choose one with --dir:\n {2}apps\/api\/drizzle \(drizzle\)\n {2}services\/billing\/supabase\/migrations \(supabase\)\n/);
    assert.equal(readdirSync(path.join(ws, 'apps/api/drizzle')).length, 2, 'nothing written');
    const r = await runCli(['new', '--dir', 'services/billing', 'add refunds'], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    assert.match(created(r.stdout)[0], /^services\/billing\/supabase\/migrations\/\d{14}_add_refunds\.sql$/);
  });

  it('--dir is relative to the working directory; an empty folder gets the first migration', async () => {
    const ws = scratchDir();
    mkdirSync(path.join(ws, 'backend'));
    writeFileSync(path.join(ws, '.migration-lens.json'), '{}');
    // A folder that does not exist yet needs --create (without it, a typo would found a new set: see test/security/new-outside.test.ts).
    const r = await runCli(['new', '--config', '../.migration-lens.json', '--dir', '../prisma/migrations', '--create', 'init'], { cwd: path.join(ws, 'backend') });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^created \.\.\/prisma\/migrations\/\d{14}_init\/migration\.sql\ncreated \.\.\/prisma\/migrations\/migration_lock\.toml\n$/);
    assert.ok(existsSync(path.join(ws, 'prisma/migrations/migration_lock.toml')));
  });

  it('writes the header template of .migration-lens.json, dangerous on request', async () => {
    const ws = workspace('supabase');
    writeFileSync(path.join(ws, '.migration-lens.json'), JSON.stringify({ header: { preset: 'studyboost', project: 'Shop' } }));
    const r = await runCli(['new', '--dangerous', 'Drop legacy orders'], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    const [file] = created(r.stdout);
    const text = readFileSync(path.join(ws, file), 'utf8');
    const stem = path.basename(file, '.sql');
    assert.match(text, new RegExp(`^-- Shop — Drop legacy orders\\n-- Migration: ${stem}\\n-- Date: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\n-- Type: Dangerous migration$`, 'm'));
    assert.match(text, /^-- DANGEROUS CHANGE REVIEW$/m);
  });

  it('refuses with the reason and exit 2: existing target, bad description, --dangerous without a header', async () => {
    const ws = workspace('up-down');
    const down = path.join(ws, 'backend/src/db/migrations/003_retry.down.sql');
    writeFileSync(down, '-- already here\n');
    const exists = await runCli(['new', 'retry'], { cwd: ws });
    assert.equal(exists.status, 2);
    assert.match(exists.stderr, /^migration-lens: backend\/src\/db\/migrations\/003_retry\.down\.sql already exists: it is never overwritten\.\n$/);
    assert.equal(existsSync(path.join(ws, 'backend/src/db/migrations/003_retry.up.sql')), false);
    assert.equal(readFileSync(down, 'utf8'), '-- already here\n');

    const symbols = await runCli(['new', '!!!'], { cwd: ws });
    assert.equal(symbols.status, 2);
    assert.match(symbols.stderr, /Latin letters or digits/);
    const dangerous = await runCli(['new', '--dangerous', 'drop it'], { cwd: ws });
    assert.equal(dangerous.status, 2);
    assert.match(dangerous.stderr, /no header template/);
  });

  it('without a description or migrations: a usage error that says what to do', async () => {
    const empty = scratchDir();
    const none = await runCli(['new'], { cwd: empty });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /describe the migration/);
    const first = await runCli(['new', 'init'], { cwd: empty });
    assert.equal(first.status, 2);
    assert.match(first.stderr, /no migrations found .*--dir/);
    assert.deepEqual(readdirSync(empty), []);
  });

  it('sqitch: the three scripts, the plan line appended, and the new change lints clean of errors', async () => {
    const ws = workspace('sqitch');
    const before = readFileSync(path.join(ws, 'sqitch.plan'), 'utf8');
    const r = await runCli(['new', 'add gadgets'], { cwd: ws, env: { SQITCH_FULLNAME: 'Ann', SQITCH_EMAIL: 'ann@example.com' } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(created(r.stdout), ['deploy/add_gadgets.sql', 'revert/add_gadgets.sql', 'verify/add_gadgets.sql']);
    const plan = readFileSync(path.join(ws, 'sqitch.plan'), 'utf8');
    assert.ok(plan.startsWith(before));
    assert.match(plan.slice(before.length), /^add_gadgets \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ Ann <ann@example\.com> # add gadgets\n$/);
    const lint = await lintJson(['deploy/add_gadgets.sql', 'revert/add_gadgets.sql'], ws);
    assert.deepEqual(lint.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
  });

  it('goose: a timestamped file with both section markers', async () => {
    const ws = scratchDir();
    mkdirSync(path.join(ws, 'migrations'), { recursive: true });
    writeFileSync(path.join(ws, 'migrations/20240101000000_init.sql'), '-- +goose Up\nCREATE TABLE a (id int);\n\n-- +goose Down\nDROP TABLE a;\n');
    const r = await runCli(['new', 'add b'], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    const [rel] = created(r.stdout);
    assert.match(rel, /^migrations\/\d{14}_add_b\.sql$/);
    assert.equal(readFileSync(path.join(ws, rel), 'utf8'), '-- +goose Up\n\n\n-- +goose Down\n\n');
  });
});
