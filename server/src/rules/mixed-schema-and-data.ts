import type { RangeVar } from '@pgsql/types';
import { relationName, unwrap } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { isNew } from './new-objects';
import { defineRule, type RuleContext } from './types';

/** Statements that change rows. */
const DATA = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'TruncateStmt', 'CopyStmt']);
/** Schema changes: CREATE/ALTER/DROP of objects and their relatives. */
const SCHEMA = /^(?:Create|Alter|Drop|Rename|Index|View|Define|CompositeType|Rule)/;

export default defineRule({
  id: 'mixed-schema-and-data',
  category: 'safety',
  defaultSeverity: 'info',
  docs: {
    summary: 'This migration changes both the schema and existing data: split them.',
    why: 'Schema and data changes belong in separate migrations. In one transaction, a data change on a large table holds the schema change\'s ACCESS EXCLUSIVE lock for as long as the rows take to update, a failure in the backfill rolls the schema change back with it, and the data step cannot be re-run, batched or scheduled on its own. Filling a table created in the same migration (reference data) is part of creating it and is not counted.',
    instead: 'Ship the schema change in one migration, the backfill in its own (batched where the table is large), and the tightening step (`SET NOT NULL`, `VALIDATE`) in a third: expand, backfill, contract.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text);',
    bad: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;",
    good: "CREATE TABLE plans (code text PRIMARY KEY);\nINSERT INTO plans (code) VALUES ('free'), ('pro');",
  },
  checkFile(ctx) {
    const schema = ctx.file.executed.filter((s) => SCHEMA.test(s.kind));
    if (schema.length === 0) return [];
    const data = ctx.file.executed.filter((s) => DATA.has(s.kind) && touchesExistingRows(ctx, s));
    if (data.length === 0) return [];
    const first = data[0];
    return [
      {
        start: first.start,
        end: first.end,
        message: `This migration mixes ${schema.length} schema change${schema.length > 1 ? 's' : ''} with ${data.length} data change${data.length > 1 ? 's' : ''} to existing tables: move the data changes to their own migration.`,
      },
    ];
  },
});

/** Data statements on a table this file creates fill that table; only older tables count. */
function touchesExistingRows(ctx: RuleContext, stmt: Statement): boolean {
  if (stmt.kind === 'CopyStmt' && !stmt.node.is_from) return false; // COPY … TO reads
  let tables: (RangeVar | undefined)[] = [];
  if (stmt.kind === 'TruncateStmt') tables = (stmt.node.relations ?? []).map((r) => unwrap(r, 'RangeVar'));
  else if (stmt.kind === 'InsertStmt' || stmt.kind === 'UpdateStmt' || stmt.kind === 'DeleteStmt' || stmt.kind === 'MergeStmt' || stmt.kind === 'CopyStmt') tables = [stmt.node.relation];
  return tables.some((rv) => rv && !isNew(ctx, 'table', relationName(rv), stmt));
}
