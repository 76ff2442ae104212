import { alterCommands, normalizeName, relationName, unwrapAll } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { carriedAt, carriedBefore, readsColumn } from './data-carried';
import { isNewColumn } from './new-objects';
import { defineRule, type Report, type RuleContext } from './types';

export default defineRule({
  id: 'drop-column',
  category: 'safety',
  defaultSeverity: 'error',
  destructive: true,
  squawk: ['ban-drop-column'],
  docs: {
    summary: 'Dropping a column loses its data and breaks running code that still reads it.',
    why: 'The values are gone for good (a rollback cannot bring them back), and every deployed instance, queued job or older image that still selects or writes the column fails from the moment the migration commits. Keep `DROP COLUMN` out of normal feature pull requests: remove a column only after no deployed code uses it. Takes an ACCESS EXCLUSIVE lock on the table (the drop itself is quick: the space is reclaimed by later rewrites). When an earlier statement of the file copies the column\'s values elsewhere (`INSERT … SELECT`, `UPDATE … FROM`, `UPDATE t SET new_col = … col …`), the finding says so: the data is kept, but code that still reads the column breaks all the same.',
    instead: 'A column swapped for a copy of another type in one migration (add the copy, fill it from the column, drop the column, rename the copy to its name) keeps its data and name, and is not reported. Otherwise contract in stages: stop reading the column in one release, stop writing it in the next (make it nullable or give it a default first), back the data up if it might be needed, then drop it in its own reviewed migration. Where the team classifies migrations, mark that one as dangerous.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, legacy_name text);',
    bad: 'ALTER TABLE users DROP COLUMN legacy_name;',
    good: '-- Its own migration, after no deployed code reads or writes the column:\n-- lens-ignore drop-column -- unused since release 42, backed up to the archive bucket\nALTER TABLE users DROP COLUMN legacy_name;',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    const reports: Report[] = [];
    for (const { table, cmd } of alterCommands(stmt.node, 'AT_DropColumn')) {
      if (isNewColumn(ctx, table, cmd.name ?? '', stmt) || swappedIn(ctx, stmt, table, cmd.name ?? '')) continue;
      const cascade = cmd.behavior === 'DROP_CASCADE' ? ' CASCADE also drops the views, indexes and constraints that use it.' : '';
      const copy = carriedBefore(ctx, stmt, table, cmd.name ?? '');
      if (copy) {
        const at = carriedAt(ctx, copy, `${table}.${cmd.name} is`);
        reports.push({ node: cmd, message: `Dropping ${table}.${cmd.name} breaks code that still uses it (line ${at.line} copies its data first).${cascade}`, related: [at.related] });
      } else reports.push({ node: cmd, message: `Dropping ${table}.${cmd.name} loses its data and breaks code that still uses it.${cascade}` });
    }
    return reports;
  },
});

/**
 * A column replaced by a copy of another type (ente 90: add id_text, `UPDATE … SET id_text =
 * id::text`, drop id, rename id_text to id): the copy, filled from the dropped column earlier in
 * the file, takes its name later in the file, so neither the data nor the name is lost.
 */
function swappedIn(ctx: RuleContext, drop: Statement, table: string, column: string): boolean {
  const all = ctx.file.executed;
  const at = all.indexOf(drop.parent ?? drop);
  const same = (rel: string) => normalizeName(rel) === normalizeName(table);
  const renamed = all.slice(at + 1).find((s) => s.kind === 'RenameStmt' && s.node.renameType === 'OBJECT_COLUMN' && s.node.newname === column && same(relationName(s.node.relation)));
  const copy = renamed?.kind === 'RenameStmt' ? renamed.node.subname : undefined;
  if (!copy || !isNewColumn(ctx, table, copy, drop)) return false;
  return all.slice(0, at).some(
    (s) => s.kind === 'UpdateStmt' && same(relationName(s.node.relation)) && unwrapAll(s.node.targetList, 'ResTarget').some((t) => t.name === copy && readsColumn(t.val, column)),
  );
}
