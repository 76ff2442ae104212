import { creationBefore, existedBefore, judged, setView } from '../navigation/checks';
import type { Occurrence } from '../navigation/timeline';
import { defineRule, type RelatedLocation, type Report } from './types';

export default defineRule({
  id: 'column-does-not-exist',
  category: 'safety',
  defaultSeverity: 'error',
  docs: {
    summary: 'The column does not exist at this point of the migrations: the statement fails.',
    why: 'The migrations before this statement create the table with all its columns written out, and none of them adds this column (or one renamed or dropped it). PostgreSQL refuses the statement with `column … does not exist`, and the deployment stops there. Today only a full preview run would tell. The check is quiet when it cannot be sure: a table created with `LIKE`, `INHERITS`, `PARTITION OF`, `AS SELECT` or `IF NOT EXISTS`, a table the migrations do not create, statements inside DO blocks and function bodies, and after any migration that runs dynamic SQL or does not parse; and in a file the runner never applies (one missing from the Drizzle journal: `file-missing-from-journal` reports it).',
    instead: 'Use the column\'s current name (the related information points at the rename or the drop), or add the column first.',
    bad: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users RENAME COLUMN email TO login;\nCREATE INDEX users_email_idx ON users (email);",
    good: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users RENAME COLUMN email TO login;\nCREATE INDEX users_login_idx ON users (login);",
  },
  checkFile(ctx) {
    const view = setView(ctx);
    if (view.quiet) return [];
    const out: Report[] = [];
    for (const o of view.timeline.byFile[view.index]) {
      const column = o.object;
      const table = column.parent;
      if (column.kind !== 'column' || o.event.event === 'create' || !judged(o) || !table || table.kind !== 'table') continue;
      const made = creationBefore(table, o.seq);
      // Only a table whose every column the migrations wrote out, and that is there now.
      if (!made || made.event.attrs?.openColumns || made.event.nested || !existedBefore(table, o.seq) || existedBefore(column, o.seq)) continue;
      const name = o.event.target.name;
      const tableName = o.event.target.parent?.name ?? table.name;
      const related: RelatedLocation[] = [];
      let why = `${tableName} is created in ${view.where(made)} without it, and no later statement adds it`;
      const renamed = renamedAway(table.children, name, o.seq);
      const dropped = column.occurrences[0]?.afterDrop;
      if (renamed) {
        why = `it was renamed to ${renamed.event.newName} in ${view.where(renamed)}`;
        related.push(view.related(renamed, `${name} is renamed to ${renamed.event.newName} here`));
      } else if (dropped && dropped.seq < o.seq) {
        why = `it was dropped in ${view.where(dropped)}`;
        related.push(view.related(dropped, `${name} is dropped here`));
      } else related.push(view.related(made, `${tableName} is created here`));
      out.push({ start: o.event.start, end: o.event.end, message: `Column ${name} does not exist on ${tableName} at this point: ${why}.`, related });
    }
    return out;
  },
});

/** The last rename, before `seq`, of a column of the table away from `name` (still under its new name). */
function renamedAway(columns: readonly { kind: string; occurrences: Occurrence[] }[], name: string, seq: number): Occurrence | undefined {
  let found: Occurrence | undefined;
  for (const c of columns) {
    if (c.kind !== 'column') continue;
    for (const o of c.occurrences) if (o.seq < seq && o.event.event === 'rename' && o.name === name && (!found || o.seq > found.seq)) found = o;
  }
  return found;
}
