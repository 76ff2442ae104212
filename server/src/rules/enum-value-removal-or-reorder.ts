import { normalizeName, qualifiedName, unwrap, unwrapAll } from '../parse/ast';
import type { ParsedFile, Statement, StatementOf } from '../parse/parser';
import { droppedNames } from './dropped-names';
import { isNew } from './new-objects';
import { defineRule, type RuleContext } from './types';

export default defineRule({
  id: 'enum-value-removal-or-reorder',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  docs: {
    summary: 'Recreating an enum or renaming its values breaks existing rows and running code.',
    why: 'PostgreSQL cannot remove or reorder enum values in place, so migrations do it by recreating the type: rename (or drop) the old one, `CREATE TYPE` again, and move every column over with `ALTER COLUMN … TYPE … USING col::text::new_type`. Any row holding a value left out fails the cast (`invalid input value for enum`) and the migration aborts, or, with `DROP TYPE … CASCADE`, the columns of that type are silently dropped. Each column change rewrites its table under an ACCESS EXCLUSIVE lock. `ALTER TYPE … RENAME VALUE` is instant, but code deployed before it still sends the old label and fails. Adding a value (even with `BEFORE`/`AFTER`) is safe: existing values keep their order.',
    instead: 'Only ever add enum values. Retire a value in code first, then backfill rows to a replacement with a batched `UPDATE`, and leave the old label in the type. If the set of values must change freely, use a `text` column with a `CHECK (col IN (…))` constraint (added `NOT VALID`, then validated) or a lookup table.',
    lock: 'ACCESS EXCLUSIVE',
    setup: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\nCREATE TABLE people (id bigint PRIMARY KEY, mood mood);",
    bad: "ALTER TYPE mood RENAME TO mood_old;\nCREATE TYPE mood AS ENUM ('sad', 'happy');\nALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood;\nDROP TYPE mood_old;",
    good: "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'neutral' BEFORE 'happy';",
  },
  statementKinds: ['AlterEnumStmt', 'CreateEnumStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind === 'AlterEnumStmt') {
      const n = stmt.node;
      if (n.oldVal === undefined) return;
      const type = qualifiedName(n.typeName);
      if (isNew(ctx, 'type', type, stmt)) return;
      return { message: `Renaming value '${n.oldVal}' of ${type} to '${n.newVal}' breaks code that still sends '${n.oldVal}': add the new value and migrate rows instead.` };
    }
    const type = qualifiedName(stmt.node.typeName);
    const how = replacedEarlier(ctx, stmt, normalizeName(type));
    if (!how) return;
    return { message: `Recreating enum ${type} (${how}): rows holding a value left out fail the cast or are lost, and moving each column to the new type rewrites its table under ACCESS EXCLUSIVE. Only add values.` };
  },
});

/** How an existing enum of that name was moved out of the way earlier in the file, if it was. */
function replacedEarlier(ctx: RuleContext, create: Statement, type: string): string | undefined {
  const self = ctx.file.executed.indexOf(create);
  // Only renames and drops can move the old type away. isNew only turns true along the file,
  // so asking it at those statements alone gives the same answer as asking at every one.
  for (const { at, stmt: s } of renamesAndDrops(ctx.file)) {
    if (at >= self) break;
    if (isNew(ctx, 'type', type, s)) return undefined; // created fresh in this file: nothing older to break
    if (s.kind === 'RenameStmt' && s.node.renameType === 'OBJECT_TYPE' && normalizeName(qualifiedName(unwrap(s.node.object, 'List')?.items)) === type) return 'renamed old type';
    if (s.kind === 'DropStmt' && s.node.removeType === 'OBJECT_TYPE' && droppedNames(s.node).some((d) => normalizeName(d) === type)) {
      if (s.node.behavior === 'DROP_CASCADE') return 'DROP TYPE … CASCADE drops the columns of that type';
      if (retypesColumnsTo(ctx, type)) return 'dropped and recreated';
    }
  }
  return undefined;
}

const movers = new WeakMap<ParsedFile, { at: number; stmt: StatementOf<'RenameStmt' | 'DropStmt'> }[]>();

/** The file's renames and drops with their places in execution order (each CREATE TYPE … AS ENUM looks back at them). */
function renamesAndDrops(file: ParsedFile): { at: number; stmt: StatementOf<'RenameStmt' | 'DropStmt'> }[] {
  let list = movers.get(file);
  if (!list) {
    list = [];
    for (const [at, stmt] of file.executed.entries()) if (stmt.kind === 'RenameStmt' || stmt.kind === 'DropStmt') list.push({ at, stmt });
    movers.set(file, list);
  }
  return list;
}

/** Some ALTER COLUMN … TYPE in the file moves a column to the type. */
function retypesColumnsTo(ctx: RuleContext, type: string): boolean {
  return ctx.file.executed.some(
    (s) =>
      s.kind === 'AlterTableStmt' &&
      unwrapAll(s.node.cmds, 'AlterTableCmd').some((c) => c.subtype === 'AT_AlterColumnType' && normalizeName(qualifiedName(unwrap(c.def, 'ColumnDef')?.typeName?.names)) === type),
  );
}
