/**
 * No quick fix edits a migration committed on the default branch: on such a file (a Prisma set
 * in a real git repository) each fix becomes "Create a forward-fix migration…", nothing writes
 * into the file (no ignore comment either), and the command has the server write the next
 * migration of the set with the fix in it. A migration not committed yet keeps its edits.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { COMMANDS, METHODS, type ForwardFixParams, type NewMigrationCreateResult } from '../../shared/protocol';
import { commitAll, git, gitInit } from '../unit/layout/helpers';
import { LspClient, TempWorkspace } from './client';

const COMMITTED = '-- CreateTable\nCREATE TABLE "users" ("id" BIGINT NOT NULL);\n\n-- AlterTable\nALTER TABLE "users" ADD COLUMN "email" TEXT;\n';
const NEW = 'ALTER TABLE "users" ADD COLUMN "name" TEXT;\n';

describe('quick fixes on a committed migration', function () {
  let ws: TempWorkspace;
  let client: LspClient;
  const init = 'prisma/migrations/20240101000000_init/migration.sql';
  const more = 'prisma/migrations/20240102000000_more/migration.sql';

  before(async function () {
    this.timeout(120_000); // the first run builds the bundle
    ws = new TempWorkspace();
    ws.write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
    ws.write('prisma/migrations/20231231000000_base/migration.sql', 'CREATE TABLE "users" ("id" BIGINT NOT NULL);\n');
    ws.write(init, COMMITTED.replace('-- CreateTable\nCREATE TABLE "users" ("id" BIGINT NOT NULL);\n\n', ''));
    gitInit(ws.dir);
    commitAll(ws.dir, 'init');
    git(ws.dir, 'checkout', '-q', '-b', 'feature');
    ws.write(more, NEW);
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });
  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  /** The code actions of a file's missing-lock-timeout finding, once the set refresh (and git) has answered. */
  async function actionsOf(rel: string, text: string, ready: (a: CodeAction[]) => boolean): Promise<CodeAction[]> {
    const uri = ws.uriOf(rel);
    await client.open(uri, text);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1 && d.diagnostics.some((x) => x.code === 'missing-lock-timeout'));
    const d = p.diagnostics.find((x) => x.code === 'missing-lock-timeout') as Diagnostic;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const actions = await client.codeActions(uri, d.range, [d]);
      if (ready(actions) || Date.now() > deadline) return actions;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('offers a forward-fix migration instead of any edit, and the server writes it', async () => {
    const text = readFileSync(path.join(ws.dir, init), 'utf8');
    const actions = await actionsOf(init, text, (a) => a.some((x) => x.command?.command === COMMANDS.createForwardFix));
    assert.deepEqual(
      actions.filter((a) => a.edit),
      [],
      `no action edits the committed file: ${actions.map((a) => a.title).join(', ')}`,
    );
    const forward = actions.find((a) => a.command?.command === COMMANDS.createForwardFix);
    assert.ok(forward, actions.map((a) => a.title).join(', '));
    assert.equal(forward.title, "Create a forward-fix migration… (Add SET lock_timeout = '5s' and SET statement_timeout = '15min')");
    assert.ok(actions.some((a) => a.title === 'Show documentation for missing-lock-timeout'));

    const params = forward.command!.arguments![0] as ForwardFixParams;
    const result = await client.connection.sendRequest<NewMigrationCreateResult>(METHODS.forwardFix, params);
    assert.ok('created' in result, JSON.stringify(result));
    const written = readFileSync(result.created.main, 'utf8');
    assert.match(result.created.main, /prisma[\\/]migrations[\\/]\d{14}_forward_fix_missing_lock_timeout[\\/]migration\.sql$/);
    assert.match(written, /-- Forward fix for missing-lock-timeout in 20240101000000_init, which is already committed and is not edited\./);
    assert.match(written, /^-- SET lock_timeout = '5s';$/m);
    assert.match(written, /^-- SET statement_timeout = '15min';$/m);
    // The committed file is untouched, and the new migration sorts after every other one.
    assert.equal(readFileSync(path.join(ws.dir, init), 'utf8'), text);
    const folders = readdirSync(path.join(ws.dir, 'prisma/migrations')).filter((f) => /^\d/.test(f)).sort();
    assert.equal(path.basename(path.dirname(result.created.main)), folders.at(-1));

    // Asked again for the same migration second: never over an existing file.
    const again = await client.connection.sendRequest<NewMigrationCreateResult>(METHODS.forwardFix, params);
    if ('error' in again) assert.match(again.error, /already exists|never overwritten/);
    else assert.ok(existsSync(again.created.main) && again.created.main !== result.created.main);
  });

  it('keeps the edits on a migration that is not committed yet', async () => {
    const actions = await actionsOf(more, NEW, (a) => a.some((x) => x.edit));
    assert.ok(!actions.some((a) => a.command?.command === COMMANDS.createForwardFix));
    assert.ok(actions.some((a) => a.title === "Add SET lock_timeout = '5s' and SET statement_timeout = '15min'" && a.edit));
    assert.ok(actions.some((a) => a.title === 'Ignore missing-lock-timeout for this statement' && a.edit));
  });

  it('history-aware mode (changedSince): a migration merged on the ref shows its findings as information, a new one keeps them', async () => {
    const severityIn = (rel: string) => client.published.get(ws.uriOf(rel))?.slice(-1)[0]?.diagnostics.find((d) => d.code === 'missing-lock-timeout')?.severity;
    await client.changeSettings({ debounceMs: 50, changedSince: 'main' });
    const deadline = Date.now() + 20_000;
    while (severityIn(init) !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(severityIn(init), 3, 'merged on main: information');
    assert.equal(severityIn(more), 2, 'new on the branch: still a warning');
    await client.changeSettings({ debounceMs: 50 });
  });
});
