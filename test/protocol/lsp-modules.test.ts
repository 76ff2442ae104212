/**
 * The server's building blocks where the stdio tests cannot reach: a rule that throws (no
 * real rule does, on purpose) and the placement of ignore comments in unusual layouts.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSql, initParser } from '../../server/src/parse/parser';
import { ALL_RULES } from '../../server/src/rules/index';
import { defineRule, type Edit } from '../../server/src/rules/types';
import { safeLint } from '../../server/src/lsp/lint';
import { diagnosticsOf } from '../../server/src/lsp/diagnostics';
import { ignoreFileEdit, ignoreStatementEdit } from '../../server/src/lsp/ignore-edits';
import { readSettings } from '../../server/src/lsp/settings';
import { resolveConfig } from '../../server/src/config';

const apply = (text: string, e: Edit) => text.slice(0, e.start) + e.newText + text.slice(e.end);

describe('language server modules', () => {
  before(() => initParser());

  describe('safeLint', () => {
    const exploding = defineRule({
      id: 'exploding-rule',
      category: 'style',
      defaultSeverity: 'warning',
      docs: { summary: 's', why: 'w', instead: 'i', bad: 'SELECT 1;', good: 'SELECT 1;' },
      checkStatement(stmt) {
        if (stmt.kind === 'SelectStmt') throw new Error('boom');
        return undefined;
      },
    });

    it('turns a throwing rule into one failure at the statement, logs it, and keeps the other findings', () => {
      const text = 'CREATE TABLE t (id bigint);\nSELECT 1;\nSELECT 2;\n';
      const logged: string[] = [];
      const outcome = safeLint(text, { path: 'db/init/01.sql' }, (m) => logged.push(m), [...ALL_RULES, exploding]);
      assert.deepEqual(outcome.failures, [{ ruleId: 'exploding-rule', message: 'boom', start: text.indexOf('SELECT 1'), end: text.indexOf('SELECT 1') + 8 }]);
      assert.ok(outcome.findings.some((f) => f.ruleId === 'create-table-without-if-not-exists'));
      assert.equal(logged.length, 2, 'each throw is logged');
      assert.match(logged[0], /exploding-rule.*boom/s);

      const doc = TextDocument.create('file:///x.sql', 'sql', 1, text);
      const failures = diagnosticsOf(doc, outcome).filter((d) => d.code === 'exploding-rule');
      assert.equal(failures.length, 1);
      assert.match(failures[0].message, /Rule exploding-rule failed on this statement.*boom/);
      assert.deepEqual(failures[0].range.start, { line: 1, character: 0 });
    });

    it('catches a file-level check too', () => {
      const fileLevel = defineRule({ ...exploding, id: 'exploding-file-rule', checkStatement: undefined, checkFile: () => { throw new TypeError('nope'); } });
      const outcome = safeLint('SELECT 1;\n', {}, () => undefined, [...ALL_RULES, fileLevel]);
      assert.deepEqual(outcome.failures, [{ ruleId: 'exploding-file-rule', message: 'nope', start: 0, end: 0 }]);
    });
  });

  describe('ignore edits', () => {
    it('breaks the line when another statement ends on the statement line', () => {
      const text = '  SELECT 1;   CREATE TABLE t (id bigint);\n';
      const edit = ignoreStatementEdit(text, text.indexOf('CREATE'), 'r');
      assert.equal(apply(text, edit), '  SELECT 1;\n  -- lens-ignore r -- reason\n  CREATE TABLE t (id bigint);\n');
    });

    it('keeps CRLF line endings', () => {
      const text = 'SELECT 1;\r\nCREATE TABLE t (id bigint);\r\n';
      assert.equal(apply(text, ignoreStatementEdit(text, text.indexOf('CREATE'), 'r')), 'SELECT 1;\r\n-- lens-ignore r -- reason\r\nCREATE TABLE t (id bigint);\r\n');
      assert.equal(apply(text, ignoreFileEdit(parseSql(text), 'r')), '-- lens-ignore-file r\r\nSELECT 1;\r\nCREATE TABLE t (id bigint);\r\n');
    });

    it('puts a file ignore at the top, after a header block, before a statement suppression', () => {
      const header = '/* Migration: 0001_init\n   Date: 2024-01-01 */\n-- PURPOSE: demo\n-- lens-ignore x -- reason\nCREATE TABLE t (id bigint);\n';
      assert.equal(
        apply(header, ignoreFileEdit(parseSql(header), 'r')),
        '/* Migration: 0001_init\n   Date: 2024-01-01 */\n-- PURPOSE: demo\n-- lens-ignore-file r\n-- lens-ignore x -- reason\nCREATE TABLE t (id bigint);\n',
      );
      const onlyComment = '-- just a comment';
      assert.equal(apply(onlyComment, ignoreFileEdit(parseSql(onlyComment), 'r')), '-- just a comment\n-- lens-ignore-file r');
    });
  });

  describe('readSettings', () => {
    it('ignores unset and client-only keys, and reports bad values', () => {
      const s = readSettings({ enable: true, migrations: [], exclude: null, rules: {}, trace: { server: 'off' }, debounceMs: -1, postgresVersion: 'new' });
      assert.deepEqual(s.config, {});
      assert.equal(s.debounceMs, 150);
      assert.equal(s.problems.length, 2);
      assert.match(s.problems.join('\n'), /debounceMs[\s\S]*postgresVersion/);
    });

    it('passes the shared keys through the config validation', () => {
      const s = readSettings({ enable: false, debounceMs: 0, migrations: ['sql/**/*.sql'], rules: { 'add-required-column': 'off' }, categories: { safety: 'error' } });
      assert.equal(s.enable, false);
      assert.equal(s.debounceMs, 0);
      assert.deepEqual(s.config, { migrations: ['sql/**/*.sql'], rules: { 'add-required-column': 'off' }, categories: { safety: 'error' } });
      assert.deepEqual(s.problems, []);
    });

    it('preview.autoRefresh is a settings layer under the file: the later layer wins (it was OR-ed)', () => {
      const on = readSettings({ preview: { autoRefresh: true } });
      assert.deepEqual(on.config, { preview: { autoRefresh: true } });
      assert.equal(resolveConfig(on.config, {}).preview.autoRefresh, true);
      assert.equal(resolveConfig(on.config, { preview: { autoRefresh: false } }).preview.autoRefresh, false);
      assert.equal(resolveConfig(readSettings({ preview: { autoRefresh: false } }).config, { preview: { autoRefresh: true } }).preview.autoRefresh, true);
      assert.deepEqual(readSettings({ preview: { autoRefresh: null } }).config, {});
    });
  });
});
