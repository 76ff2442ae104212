/**
 * Where findings are shown (rules/ranges.ts): each finding on the subcommand, column definition
 * or constraint it is about, and a finding about a whole multi-line statement on its head with
 * the full statement as related information. Positions are the CLI's (1-based, UTF-16 columns).
 */
import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../../server/src/config';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { regionOf } from '../../../server/src/cli/location';
import { lintText, type LintOptions } from '../../../server/src/engine';
import { parseSql, type Statement } from '../../../server/src/parse/parser';
import { nodeRange } from '../../../server/src/rules/ranges';
import { unwrap } from '../../../server/src/parse/ast';
import type { RuleContext } from '../../../server/src/rules/types';

type Placed = [ruleId: string, line: number, column: number, endLine: number, endColumn: number, text: string];

/** Every finding of the given rules as [rule, line, column, endLine, endColumn, underlined text], in file order. */
function placed(sql: string, ruleIds: string[], opts: LintOptions = {}): Placed[] {
  const doc = TextDocument.create('file:///m.sql', 'sql', 0, sql);
  return lintText(sql, { path: 'db/migrations/001_test.sql', ...opts })
    .findings.filter((f) => ruleIds.includes(f.ruleId))
    .map((f) => {
      const r = regionOf(doc, f.start, f.end);
      return [f.ruleId, r.line, r.column, r.endLine, r.endColumn, sql.slice(f.start, f.end)];
    });
}

describe('finding ranges', () => {
  it('puts each finding of a multi-part ALTER TABLE on its own subcommand', () => {
    const sql = [
      'ALTER TABLE users DROP COLUMN a,',
      '  ALTER COLUMN b DROP NOT NULL,',
      '  ALTER COLUMN c SET NOT NULL,',
      '  ALTER COLUMN d TYPE bigint,',
      '  ADD COLUMN e text NOT NULL,',
      '  ADD COLUMN f uuid DEFAULT gen_random_uuid(),',
      '  ADD CONSTRAINT g CHECK (x > 0), ADD CONSTRAINT h FOREIGN KEY (y) REFERENCES orgs (id),',
      '  ADD CONSTRAINT i UNIQUE (z), ADD PRIMARY KEY (id), ADD CONSTRAINT k EXCLUDE USING gist (p WITH &&);',
    ].join('\n');
    const rules = [
      'drop-column',
      'drop-not-null',
      'set-not-null-on-existing-column',
      'change-column-type',
      'add-required-column',
      'volatile-default-rewrite',
      'check-constraint-not-valid-missing',
      'foreign-key-not-valid-missing',
      'unique-constraint-without-index',
      'add-primary-key-on-existing-table',
      'exclusion-constraint',
    ];
    assert.deepEqual(placed(sql, rules), EXPECTED_ALTER);
  });

  it('is exact in UTF-16 columns on lines with CJK, accents and emoji', () => {
    const sql = '-- 日本語のコメント 🚀\nALTER TABLE "ユーザー" DROP COLUMN "名前", ALTER COLUMN "émoji😀" DROP NOT NULL, ALTER COLUMN "ß" SET NOT NULL;\n';
    // Idempotency findings are off in this set's convention unless asked for: asked for here.
    const asked = { config: resolveConfig({ categories: { idempotency: 'warning' } }) };
    assert.deepEqual(placed(sql, ['drop-column', 'drop-not-null', 'set-not-null-on-existing-column', 'drop-without-if-exists'], asked), [
      ['drop-without-if-exists', 2, 20, 2, 36, 'DROP COLUMN "名前"'],
      ['drop-column', 2, 20, 2, 36, 'DROP COLUMN "名前"'],
      ['drop-not-null', 2, 38, 2, 74, 'ALTER COLUMN "émoji😀" DROP NOT NULL'],
      ['set-not-null-on-existing-column', 2, 76, 2, 105, 'ALTER COLUMN "ß" SET NOT NULL'],
    ]);
  });

  it('places findings of statements inside a DO block on their own subcommand and head', () => {
    const sql = 'DO $$\nBEGIN\n  ALTER TABLE users DROP COLUMN a,\n    DROP COLUMN "é😀";\n  UPDATE users\n    SET x = 1;\nEND $$;\n';
    assert.deepEqual(placed(sql, ['drop-column', 'delete-or-update-without-where']), [
      ['drop-column', 3, 21, 3, 34, 'DROP COLUMN a'],
      ['drop-column', 4, 5, 4, 22, 'DROP COLUMN "é😀"'],
      ['delete-or-update-without-where', 5, 3, 5, 15, 'UPDATE users'],
    ]);
  });

  it('underlines the head of a multi-line statement and keeps the whole statement as related information', () => {
    const sql = 'SELECT 1;\nCREATE INDEX "índice_😀"   -- build it\n  ON "ユーザー" (name);\nUPDATE "ユーザー"\n   SET plan = \'free\';\n';
    assert.deepEqual(placed(sql, ['create-index-not-concurrently', 'delete-or-update-without-where']), [
      ['create-index-not-concurrently', 2, 1, 2, 25, 'CREATE INDEX "índice_😀"'],
      ['delete-or-update-without-where', 4, 1, 4, 14, 'UPDATE "ユーザー"'],
    ]);
    const findings = lintText(sql, { path: 'db/migrations/001_test.sql' }).findings;
    const index = findings.find((f) => f.ruleId === 'create-index-not-concurrently')!;
    assert.equal(sql.slice(index.fullStatement!.start, index.fullStatement!.end), 'CREATE INDEX "índice_😀"   -- build it\n  ON "ユーザー" (name)');
    // A one-line statement is its own head: no related information.
    assert.equal(lintText('CREATE INDEX i ON users (name);', { path: 'db/migrations/001_test.sql' }).findings.find((f) => f.ruleId === 'create-index-not-concurrently')!.fullStatement, undefined);
  });

  it('shows a whole-statement range reported by a file rule as the head too', () => {
    // Two NOT NULL scans in one transaction: merged, one pass.
    const sql = 'BEGIN;\nALTER TABLE users\n  ALTER COLUMN bio SET NOT NULL;\nALTER TABLE users\n  ALTER COLUMN age SET NOT NULL;\nCOMMIT;\n';
    assert.deepEqual(placed(sql, ['multiple-alter-table']), [['multiple-alter-table', 4, 1, 4, 18, 'ALTER TABLE users']]);
  });

  it('puts validate-in-same-transaction on its VALIDATE CONSTRAINT subcommand (a file rule naming a node)', () => {
    const sql = "BEGIN;\nALTER TABLE users ADD CONSTRAINT ok CHECK (a > 0) NOT VALID;\nALTER TABLE users ADD COLUMN n int,\n  VALIDATE CONSTRAINT ok;\nCOMMIT;\n";
    assert.deepEqual(placed(sql, ['validate-in-same-transaction']), [['validate-in-same-transaction', 4, 3, 4, 25, 'VALIDATE CONSTRAINT ok']]);
  });

  it('places a node with a location up to the end of its list element', () => {
    const sql = 'CREATE TABLE t (\n  id bigint PRIMARY KEY,\n  owner_id bigint REFERENCES users (id) NOT NULL,\n  CONSTRAINT c CHECK (id > 0)\n)';
    const file = parseSql(sql);
    const [stmt] = file.statements;
    const ctx = { file, offsetOf: (s: Statement, loc: number) => file.bytes.toUtf16(s.locBase + loc) } as unknown as RuleContext;
    const slice = (node: unknown) => {
      const r = nodeRange(ctx, stmt, node as object | undefined);
      return r && sql.slice(r.start, r.end);
    };
    assert.ok(stmt.kind === 'CreateStmt');
    const elts = stmt.node.tableElts ?? [];
    assert.equal(slice(unwrap(elts[0], 'ColumnDef')), 'id bigint PRIMARY KEY');
    assert.equal(slice(unwrap(elts[1], 'ColumnDef')), 'owner_id bigint REFERENCES users (id) NOT NULL');
    assert.equal(slice(unwrap(elts[2], 'Constraint')), 'CONSTRAINT c CHECK (id > 0)');
    assert.equal(slice({}), undefined);
  });
});

const EXPECTED_ALTER: Placed[] = [
  ['drop-column', 1, 19, 1, 32, 'DROP COLUMN a'],
  ['drop-not-null', 2, 3, 2, 31, 'ALTER COLUMN b DROP NOT NULL'],
  ['set-not-null-on-existing-column', 3, 3, 3, 30, 'ALTER COLUMN c SET NOT NULL'],
  ['change-column-type', 4, 3, 4, 29, 'ALTER COLUMN d TYPE bigint'],
  ['add-required-column', 5, 3, 5, 29, 'ADD COLUMN e text NOT NULL'],
  ['volatile-default-rewrite', 6, 3, 6, 46, 'ADD COLUMN f uuid DEFAULT gen_random_uuid()'],
  ['check-constraint-not-valid-missing', 7, 3, 7, 33, 'ADD CONSTRAINT g CHECK (x > 0)'],
  ['foreign-key-not-valid-missing', 7, 35, 7, 88, 'ADD CONSTRAINT h FOREIGN KEY (y) REFERENCES orgs (id)'],
  ['unique-constraint-without-index', 8, 3, 8, 30, 'ADD CONSTRAINT i UNIQUE (z)'],
  ['add-primary-key-on-existing-table', 8, 32, 8, 52, 'ADD PRIMARY KEY (id)'],
  ['exclusion-constraint', 8, 54, 8, 101, 'ADD CONSTRAINT k EXCLUDE USING gist (p WITH &&)'],
];
