/**
 * The run-time proofs in a real VS Code: each command on a workspace with a known defect
 * (test/fixtures/proofs/*-bad) yields diagnostics at the defect, and on the same workspace with
 * the defect fixed (*-fixed: the same paths) clears them. The idempotency proof also follows a
 * preview of an init-sorted set, and `-- lens-ignore proof-…` silences a finding.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { ProofRun } from '../../../client/src/preview/controller';
import { fileUri, lensDiagnostics, openInEditor, ruleIdOf, sleep, useFixture } from './helpers';

const PROOF_SOURCE = 'migration-lens-proofs';

interface Expected {
  file: string;
  line: number;
  code: string;
  severity: vscode.DiagnosticSeverity;
  /** A fragment of the message. */
  says: string;
}

const { Error: E, Warning: W } = vscode.DiagnosticSeverity;

const CASES: { title: string; command: string; fixture: string; files: string[]; expected: Expected[] }[] = [
  {
    title: 'Prove Idempotency',
    command: 'migrationLens.proveIdempotency',
    fixture: 'idempotency',
    files: ['db/init/01_schema.sql', 'db/init/02_seed.sql'],
    expected: [
      { file: 'db/init/01_schema.sql', line: 10, code: 'proof-idempotency', severity: E, says: 'relation "genres_name_lower" already exists' },
      { file: 'db/init/02_seed.sql', line: 2, code: 'proof-idempotency', severity: E, says: 'duplicate key value violates unique constraint "genres_pkey"' },
      { file: 'db/init/02_seed.sql', line: 3, code: 'proof-idempotency', severity: W, says: 'changes data again: settings had 1 row, has 2' },
    ],
  },
  {
    title: 'Prove Down Migrations',
    command: 'migrationLens.proveRoundTrip',
    fixture: 'round-trip',
    files: ['migrations/001_users.down.sql', 'migrations/002_profiles.down.sql', 'migrations/003_status.down.sql'],
    expected: [
      { file: 'migrations/002_profiles.down.sql', line: 2, code: 'proof-round-trip', severity: E, says: 'column public.users.display_name is left behind' },
      { file: 'migrations/002_profiles.down.sql', line: 2, code: 'proof-round-trip', severity: E, says: 'its up file fails when applied again' },
      { file: 'migrations/003_status.down.sql', line: 2, code: 'proof-round-trip', severity: E, says: 'cannot drop type user_status because other objects depend on it' },
    ],
  },
  {
    title: 'Check Snapshot Drift',
    command: 'migrationLens.checkDrift',
    fixture: 'drift',
    files: ['db/createDB.sql', 'db/init/01_schema.sql', 'db/init/02_ratings.sql'],
    expected: [
      { file: 'db/createDB.sql', line: 2, code: 'proof-drift', severity: E, says: 'column public.movies.rating is in the migrations (02_ratings.sql:1) but not in the snapshot' },
      { file: 'db/createDB.sql', line: 2, code: 'proof-drift', severity: E, says: 'column public.movies.title differs' },
      { file: 'db/createDB.sql', line: 2, code: 'proof-drift', severity: E, says: 'index public.movies_title_idx is in the migrations' },
    ],
  },
];

function proofDiagnostics(file: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(fileUri(file)).filter((d) => d.source === PROOF_SOURCE);
}

/** Each expected finding matched by exactly one diagnostic, and nothing else on those files. */
function assertDiagnostics(files: string[], expected: Expected[]): void {
  const seen = files.flatMap((file) => proofDiagnostics(file).map((d) => ({ file, d })));
  const show = seen.map(({ file, d }) => `${file}:${d.range.start.line + 1} ${ruleIdOf(d)} ${d.message}`).join('\n');
  assert.equal(seen.length, expected.length, `expected ${expected.length} proof diagnostics, saw:\n${show}`);
  for (const e of expected) {
    const hit = seen.find(({ file, d }) => file === e.file && d.range.start.line + 1 === e.line && ruleIdOf(d) === e.code && d.severity === e.severity && d.message.includes(e.says));
    assert.ok(hit, `no ${e.code} at ${e.file}:${e.line} saying "${e.says}"; saw:\n${show}`);
  }
}

async function waitFor(what: string, ready: () => boolean, timeoutMs = 60_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !ready(); await sleep(100)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

suite('run-time proofs in a real VS Code', () => {
  suiteTeardown(() => useFixture());

  for (const c of CASES) {
    test(`${c.title}: the defect of proofs/${c.fixture}-bad becomes diagnostics, and they clear once it is fixed`, async function () {
      this.timeout(180_000);
      await useFixture(`proofs/${c.fixture}-bad`);
      const runs = await vscode.commands.executeCommand<ProofRun[]>(c.command);
      assert.equal(runs.length, 1, 'one set proven');
      assert.equal(runs[0].result?.ok, true, runs[0].failure ?? runs[0].result?.error?.message);
      assertDiagnostics(c.files, c.expected);

      await useFixture(`proofs/${c.fixture}-fixed`);
      const fixed = await vscode.commands.executeCommand<ProofRun[]>(c.command);
      assert.equal(fixed[0].result?.ok, true, fixed[0].failure ?? fixed[0].result?.error?.message);
      assertDiagnostics(c.files, []);
    });
  }

  test('a proof finding under `-- lens-ignore proof-idempotency` is dropped, the others stay', async function () {
    this.timeout(180_000);
    await useFixture('proofs/idempotency-bad');
    const seed = fileUri('db/init/02_seed.sql').fsPath;
    const text = await fs.readFile(seed, 'utf8');
    await fs.writeFile(seed, text.replace('INSERT INTO settings', '-- lens-ignore proof-idempotency -- one row per deploy is fine here\nINSERT INTO settings'));
    await vscode.commands.executeCommand('migrationLens.proveIdempotency');
    const [schema, seedFindings] = CASES[0].expected.filter((e) => e.severity === E);
    assertDiagnostics(CASES[0].files, [schema, seedFindings]);
  });

  test('quick fixes on a proof finding: ignore it for the statement (gone at once, and on the next run), or show the docs', async function () {
    this.timeout(180_000);
    await useFixture('proofs/idempotency-bad');
    await vscode.commands.executeCommand('migrationLens.proveIdempotency');
    const doc = await openInEditor('db/init/02_seed.sql');
    const settings = () => proofDiagnostics('db/init/02_seed.sql').filter((d) => d.message.includes('changes data again'));
    assert.equal(settings().length, 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, settings()[0].range);
    const titles = actions.map((a) => a.title);
    for (const t of ['Ignore proof-idempotency for this statement', 'Ignore proof-idempotency for this file', 'Show documentation for proof-idempotency']) {
      assert.ok(titles.includes(t), `"${t}" offered; saw ${JSON.stringify(titles)}`);
    }
    const ignore = actions.find((a) => a.title === 'Ignore proof-idempotency for this statement')!;
    assert.ok(await vscode.workspace.applyEdit(ignore.edit!));
    await vscode.commands.executeCommand(ignore.command!.command, ...(ignore.command!.arguments ?? []));
    assert.match(doc.getText(), /-- lens-ignore proof-idempotency -- reason\nINSERT INTO settings/);
    assert.equal(settings().length, 0, 'dismissed at once');
    assert.equal(proofDiagnostics('db/init/02_seed.sql').length, 1, 'the other finding of the file stays');

    // The next run reads the comment from the unsaved editor text.
    await vscode.commands.executeCommand('migrationLens.proveIdempotency');
    assert.equal(settings().length, 0, 'still ignored after the proof ran again');
    assert.equal(proofDiagnostics('db/init/02_seed.sql').length, 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const docsAction = actions.find((a) => a.title === 'Show documentation for proof-idempotency')!;
    const docs = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(docsAction.command!.command, ...(docsAction.command!.arguments ?? []));
    assert.match(docs?.getText() ?? '', /proof-idempotency/);
  });

  test('the lock trace of the edited migration: an inlay hint, a hover and a proof-lock warning, gone once fixed', async function () {
    this.timeout(180_000);
    await useFixture('proofs/trace-bad');
    const doc = await openInEditor('migrations/0002_widen_ids.sql');
    const lock = () => lensDiagnostics(doc.uri).filter((d) => ruleIdOf(d) === 'proof-lock');
    await waitFor('the proof-lock warning', () => lock().length === 1, 120_000);
    assert.equal(lock()[0].range.start.line, 2);
    assert.match(lock()[0].message, /ACCESS EXCLUSIVE on table accounts \(blocks reads and writes\) and rewrites accounts/);

    const range = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range);
    const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    assert.deepEqual(hints.map((h) => [h.position.line, label(h)]), [[2, '🔒 ACCESS EXCLUSIVE accounts +1 · rewrite']]);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(7, 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /`ACCESS EXCLUSIVE` on table `accounts`: blocks reads and writes/);

    // The fix, typed into the editor: the warning goes, the hint shows the brief lock of ADD COLUMN.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, range, "SET lock_timeout = '2s';\nALTER TABLE accounts ADD COLUMN nickname text;\n");
    await vscode.workspace.applyEdit(edit);
    await waitFor('the warning to go', () => lock().length === 0, 60_000);
    let after: vscode.InlayHint[] = [];
    for (const end = Date.now() + 60_000; !after.some((h) => h.position.line === 1); await sleep(100)) {
      if (Date.now() > end) throw new Error(`no hint for ADD COLUMN; hints: ${JSON.stringify(after.map(label))}`);
      after = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
    }
    assert.deepEqual(after.map((h) => [h.position.line, label(h)]), [[1, '🔒 ACCESS EXCLUSIVE accounts']]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Preview Schema of an init-sorted set proves idempotency after it, without being asked', async function () {
    this.timeout(180_000);
    // Start clean: the set proven idempotent.
    await useFixture('proofs/idempotency-fixed');
    await vscode.commands.executeCommand('migrationLens.proveIdempotency');
    assertDiagnostics(CASES[0].files, []);
    await useFixture('proofs/idempotency-bad');
    await vscode.commands.executeCommand('migrationLens.preview');
    await waitFor('the automatic idempotency proof', () => proofDiagnostics('db/init/02_seed.sql').length === 2);
    assertDiagnostics(CASES[0].files, CASES[0].expected);
  });
});
