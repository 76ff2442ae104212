import { carriedAt, carriedBefore } from './data-carried';
import { isNew } from './new-objects';
import { droppedNames } from './dropped-names';
import { defineRule } from './types';

export default defineRule({
  id: 'drop-table',
  category: 'safety',
  defaultSeverity: 'error',
  destructive: true,
  squawk: ['ban-drop-table'],
  docs: {
    summary: 'Dropping a table loses its data and breaks running code that still uses it.',
    why: 'The rows are gone for good, and every deployed instance or older image that still queries the table fails once the migration commits. Keep `DROP TABLE` out of normal feature pull requests. Takes an ACCESS EXCLUSIVE lock on the table (and, with CASCADE, drops the views and foreign keys of other tables that depend on it). A table created by a plain `CREATE TABLE` earlier in the same file is new, so dropping it loses nothing; `CREATE TABLE IF NOT EXISTS` proves nothing, because the table may predate the file. In a file that is re-applied on every deploy, `DROP TABLE IF EXISTS t; CREATE TABLE t …` wipes the table each time. When an earlier statement of the file copies the rows elsewhere (`INSERT … SELECT … FROM t`, `UPDATE … FROM t`), the finding says so: the data is kept, but code that still queries the table breaks all the same.',
    instead: 'Retire the table in stages: stop using it in code, release, rename it (e.g. `users_retired`) or back it up, and drop it later in its own reviewed migration.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE legacy_sessions (id bigint PRIMARY KEY, token text NOT NULL);',
    bad: 'DROP TABLE legacy_sessions;',
    good: 'CREATE TABLE import_batch (id bigint PRIMARY KEY);\n-- … use it for this migration only …\nDROP TABLE import_batch;',
  },
  statementKinds: ['DropStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'DropStmt') return;
    const n = stmt.node;
    if (n.removeType !== 'OBJECT_TABLE') return;
    const lost = droppedNames(n).filter((t) => !isNew(ctx, 'table', t, stmt));
    if (lost.length === 0) return;
    const cascade = n.behavior === 'DROP_CASCADE' ? ' CASCADE also drops the views and foreign keys that depend on it.' : '';
    const copies = lost.map((t) => carriedBefore(ctx, stmt, t));
    if (copies.every((c) => c !== undefined)) {
      const at = copies.map((c, i) => carriedAt(ctx, c!, `the rows of ${lost[i]} are`));
      const lines = [...new Set(at.map((a) => a.line))];
      const copied = lines.length === 1 ? `line ${lines[0]} copies ${lost.length === 1 ? 'its' : 'their'} rows first` : `lines ${lines.join(', ')} copy their rows first`;
      return { message: `Dropping ${lost.join(', ')} breaks code that still uses ${lost.length === 1 ? 'it' : 'them'} (${copied}).${cascade}`, related: at.map((a) => a.related) };
    }
    return { message: `Dropping ${lost.join(', ')} loses the data and breaks code that still uses it.${cascade}` };
  },
});
