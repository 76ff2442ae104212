/**
 * Each quick fix belongs to its finding: code actions find a diagnostic's finding by the key in
 * its data, not by comparing ranges, so a statement with several findings of one rule offers each
 * diagnostic its own fix. Every fix is applied and the exact text checked.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from './client';

const NOT_VALID = 'check-constraint-not-valid-missing';

function applyAction(action: CodeAction, uri: string, text: string): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action "${action.title}" has a versioned edit`);
  assert.equal(change.textDocument.uri, uri);
  return TextDocument.applyEdits(TextDocument.create(uri, 'sql', change.textDocument.version ?? 1, text), change.edits);
}

/** A server on a fresh workspace (with a `.migration-lens.json` when given) and helpers to lint and fix. */
function serverFor(config?: object) {
  let ws: TempWorkspace;
  let client: LspClient;
  before(async function () {
    this.timeout(120_000); // the first run builds the bundle
    ws = new TempWorkspace();
    if (config) ws.write('.migration-lens.json', JSON.stringify(config));
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });
  after(async () => {
    await client?.stop();
    ws?.dispose();
  });
  return {
    async openAndLint(rel: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
      const uri = ws.write(rel, text);
      await client.open(uri, text);
      const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
      return { uri, diagnostics: p.diagnostics };
    },
    /** The rule fixes (not the ignore or docs actions) offered for one diagnostic. */
    async fixesOf(uri: string, d: Diagnostic): Promise<CodeAction[]> {
      const actions = await client.codeActions(uri, d.range, [d]);
      return actions.filter((a) => a.edit && !a.title.startsWith('Ignore '));
    },
  };
}

describe('quick fixes of a statement with several findings', function () {
  // Idempotency findings are off in this convention unless asked for: asked for, their fixes are checked too.
  const { openAndLint, fixesOf } = serverFor({ categories: { idempotency: 'warning' } });

  it("offers NOT VALID for constraint b on b's diagnostic, and it edits b", async () => {
    const text = 'ALTER TABLE t ADD CONSTRAINT a CHECK (x > 0), ADD CONSTRAINT b CHECK (y > 0);\n';
    const { uri, diagnostics } = await openAndLint('migrations/001_checks.sql', text);
    const checks = diagnostics.filter((d) => d.code === NOT_VALID);
    assert.deepEqual(checks.map((d) => d.message.match(/constraint (\w)/)?.[1]), ['a', 'b']);
    const edited = [];
    for (const d of checks) {
      const fixes = await fixesOf(uri, d);
      assert.equal(fixes.length, 1, `one fix for ${d.message}: ${fixes.map((f) => f.title).join(', ')}`);
      edited.push(applyAction(fixes[0], uri, text));
    }
    assert.deepEqual(edited, [
      'ALTER TABLE t ADD CONSTRAINT a CHECK (x > 0) NOT VALID, ADD CONSTRAINT b CHECK (y > 0);\n',
      'ALTER TABLE t ADD CONSTRAINT a CHECK (x > 0), ADD CONSTRAINT b CHECK (y > 0) NOT VALID;\n',
    ]);
  });

  it('applies each fix of every finding of a multi-line statement to exactly its own text', async () => {
    const text = [
      'ALTER TABLE users ADD CONSTRAINT a CHECK (x > 0),',
      '  ADD COLUMN nickname text,',
      '  ADD CONSTRAINT b CHECK (y > 0);',
      '',
    ].join('\n');
    const { uri, diagnostics } = await openAndLint('migrations/002_users.sql', text);
    const results: [string, string, string][] = [];
    for (const d of diagnostics) for (const fix of await fixesOf(uri, d)) results.push([String(d.code), fix.title, applyAction(fix, uri, text)]);
    assert.deepEqual(results, EXPECTED_MULTI);
  });
});

describe('quick fixes of findings that share a range', function () {
  const { openAndLint, fixesOf } = serverFor({ header: { preset: 'studyboost', project: 'StudyBoost' } });

  it('gives each missing header field its own fix, though all sit on the same line', async () => {
    const text = [
      '-- ============================================================',
      '-- StudyBoost — Add index',
      '-- Migration: 202604211430_add_index',
      '-- Date: 2026-04-21 14:30',
      '-- PURPOSE: Speed up the dashboard query.',
      '-- ============================================================',
      'SELECT 1;',
      '',
    ].join('\n');
    const { uri, diagnostics } = await openAndLint('prisma/migrations/202604211430_add_index/migration.sql', text);
    const missing = diagnostics.filter((d) => d.code === 'header-field-missing');
    assert.equal(missing.length, 4);
    assert.equal(new Set(missing.map((d) => JSON.stringify(d.range))).size, 1, 'the four findings share one range');
    const titles = [];
    for (const d of missing) {
      const fixes = await fixesOf(uri, d);
      assert.equal(fixes.length, 1, `one fix for ${d.message}`);
      titles.push([d.message, fixes[0].title]);
      const field = /"(.+)"/.exec(d.message)![1];
      assert.match(applyAction(fixes[0], uri, text), new RegExp(`\\n-- ${field}: .*\\n-- =+\\nSELECT 1;`));
    }
    assert.deepEqual(titles, [
      ['Header field "IMPACT" is missing.', 'Add the "IMPACT" field'],
      ['Header field "DATA RISK" is missing.', 'Add the "DATA RISK" field'],
      ['Header field "ROLLBACK STRATEGY" is missing.', 'Add the "ROLLBACK STRATEGY" field'],
      ['Header field "Safe to re-run" is missing.', 'Add the "Safe to re-run" field'],
    ]);
  });
});

const MULTI_AFTER = '\nALTER TABLE users ADD CONSTRAINT a CHECK (x > 0),\n  ADD COLUMN nickname text,\n  ADD CONSTRAINT b CHECK (y > 0);\n';
const EXPECTED_MULTI: [string, string, string][] = [
  // One finding for both missing timeouts, whose fix adds both.
  ['missing-lock-timeout', "Add SET lock_timeout = '5s' and SET statement_timeout = '15min'", `SET lock_timeout = '5s';\nSET statement_timeout = '15min';${MULTI_AFTER}`],
  ['add-constraint-without-drop-if-exists', 'Insert DROP CONSTRAINT IF EXISTS before it', `ALTER TABLE users DROP CONSTRAINT IF EXISTS a;${MULTI_AFTER}`],
  [NOT_VALID, 'Add NOT VALID (VALIDATE CONSTRAINT in a later migration)', 'ALTER TABLE users ADD CONSTRAINT a CHECK (x > 0) NOT VALID,\n  ADD COLUMN nickname text,\n  ADD CONSTRAINT b CHECK (y > 0);\n'],
  ['add-column-without-if-not-exists', 'Add IF NOT EXISTS', 'ALTER TABLE users ADD CONSTRAINT a CHECK (x > 0),\n  ADD COLUMN IF NOT EXISTS nickname text,\n  ADD CONSTRAINT b CHECK (y > 0);\n'],
  ['add-constraint-without-drop-if-exists', 'Insert DROP CONSTRAINT IF EXISTS before it', `ALTER TABLE users DROP CONSTRAINT IF EXISTS b;${MULTI_AFTER}`],
  [NOT_VALID, 'Add NOT VALID (VALIDATE CONSTRAINT in a later migration)', 'ALTER TABLE users ADD CONSTRAINT a CHECK (x > 0),\n  ADD COLUMN nickname text,\n  ADD CONSTRAINT b CHECK (y > 0) NOT VALID;\n'],
];
