import { relationName } from '../parse/ast';
import type { StatementOf } from '../parse/parser';
import { USERS_TABLE } from './docs-setup';
import { fix, insertAfterPrefix, insertAfterToken } from './fixes';
import { removals } from './guards';
import { alterTableSubcommands, findToken } from './tokens';
import { defineRule, type ObjectKind, type Report, type RuleContext } from './types';

/** The words between DROP and the name, per object type: IF EXISTS goes right after them. */
const DROP_WORDS: Record<string, string> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_INDEX: 'INDEX(?:\\s+CONCURRENTLY)?',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'MATERIALIZED\\s+VIEW',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_FOREIGN_TABLE: 'FOREIGN\\s+TABLE',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_TYPE: 'TYPE',
  OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_PROCEDURE: 'PROCEDURE',
  OBJECT_ROUTINE: 'ROUTINE',
  OBJECT_AGGREGATE: 'AGGREGATE',
  OBJECT_OPERATOR: 'OPERATOR',
  OBJECT_OPCLASS: 'OPERATOR\\s+CLASS',
  OBJECT_OPFAMILY: 'OPERATOR\\s+FAMILY',
  OBJECT_TRIGGER: 'TRIGGER',
  OBJECT_POLICY: 'POLICY',
  OBJECT_RULE: 'RULE',
  OBJECT_COLLATION: 'COLLATION',
  OBJECT_CONVERSION: 'CONVERSION',
  OBJECT_CAST: 'CAST',
  OBJECT_TRANSFORM: 'TRANSFORM',
  OBJECT_ACCESS_METHOD: 'ACCESS\\s+METHOD',
  OBJECT_EVENT_TRIGGER: 'EVENT\\s+TRIGGER',
  OBJECT_FDW: 'FOREIGN\\s+DATA\\s+WRAPPER',
  OBJECT_FOREIGN_SERVER: 'SERVER',
  OBJECT_LANGUAGE: '(?:PROCEDURAL\\s+)?LANGUAGE',
  OBJECT_PUBLICATION: 'PUBLICATION',
  OBJECT_STATISTIC_EXT: 'STATISTICS',
  OBJECT_TSPARSER: 'TEXT\\s+SEARCH\\s+PARSER',
  OBJECT_TSDICTIONARY: 'TEXT\\s+SEARCH\\s+DICTIONARY',
  OBJECT_TSTEMPLATE: 'TEXT\\s+SEARCH\\s+TEMPLATE',
  OBJECT_TSCONFIGURATION: 'TEXT\\s+SEARCH\\s+CONFIGURATION',
  DropRoleStmt: '(?:ROLE|USER|GROUP)',
  DropdbStmt: 'DATABASE',
  DropTableSpaceStmt: 'TABLESPACE',
  DropSubscriptionStmt: 'SUBSCRIPTION',
  DropUserMappingStmt: 'USER\\s+MAPPING',
};

/** ALTER TABLE subcommands that take IF EXISTS right after their keywords. */
const ALTER_DROPS: Record<string, { kind: ObjectKind; words: string[] }> = {
  AT_DropColumn: { kind: 'column', words: ['COLUMN', 'ATTRIBUTE'] },
  AT_DropConstraint: { kind: 'constraint', words: ['CONSTRAINT'] },
};

export default defineRule({
  id: 'drop-without-if-exists',
  category: 'idempotency',
  defaultSeverity: 'warning',
  squawk: ['prefer-robust-stmts'],
  docs: {
    summary: 'DROP fails when the migration runs again (the object is already gone): add IF EXISTS.',
    why: [
      'The first run drops the object; the second fails with `… does not exist`. This covers every `DROP <object>` and `ALTER TABLE … DROP COLUMN / DROP CONSTRAINT`.',
      '',
      'A DROP of something this file creates earlier (say a staging table made with `CREATE TABLE IF NOT EXISTS`, or a column added earlier) is not reported: each run recreates it before dropping it.',
    ].join('\n'),
    instead: 'Write `DROP … IF EXISTS` (`ALTER TABLE t DROP COLUMN IF EXISTS c`). IF EXISTS only makes the DROP re-runnable; whether the drop is safe at all (data loss, code still reading the column) is for the safety rules.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'DROP INDEX users_email_idx;',
    good: 'DROP INDEX IF EXISTS users_email_idx;',
  },
  statementKinds: ['AlterTableStmt', 'DropStmt', 'DropRoleStmt', 'DropdbStmt', 'DropTableSpaceStmt', 'DropSubscriptionStmt', 'DropUserMappingStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind === 'AlterTableStmt') return alterTableDrops(stmt, ctx);
    const words = DROP_WORDS[(stmt.kind === 'DropStmt' ? stmt.node.removeType : stmt.kind) ?? ''];
    if (!words || stmt.node.missing_ok) return;
    const dropped = removals(stmt);
    // Re-runnable when the file creates every dropped object first.
    if (dropped.length > 0 && dropped.every((r) => r.kind !== 'rows' && ctx.createdEarlierInFile(r.kind, r.name, stmt))) return;
    const keywords = new RegExp(`DROP\\s+${words}\\b`, 'i');
    const prefix = new RegExp(`^${keywords.source}`, 'i').exec(ctx.textOf(stmt));
    const what = prefix ? prefix[0].replace(/\s+/g, ' ').toUpperCase() : 'DROP';
    const names = dropped.length > 0 ? ` ${dropped.map((r) => r.name).join(', ')}` : '';
    const edit = insertAfterPrefix(ctx, stmt, keywords, ' IF EXISTS');
    return { message: `${what}${names} fails once it is gone (the second run): add IF EXISTS.`, fixes: fix('Add IF EXISTS', edit) };
  },
});

function alterTableDrops(stmt: StatementOf<'AlterTableStmt'>, ctx: RuleContext): Report[] {
  const table = relationName(stmt.node.relation);
  const reports: Report[] = [];
  for (const sub of alterTableSubcommands(ctx, stmt)) {
    const { cmd } = sub;
    const what = ALTER_DROPS[cmd?.subtype ?? ''];
    if (!cmd || !what || cmd.missing_ok || ctx.createdEarlierInFile(what.kind, `${table}.${cmd.name}`, stmt)) continue;
    const tokens = sub.tokens;
    const drop = findToken(tokens, ['DROP']);
    const keyword = tokens[drop + 1] && what.words.includes(tokens[drop + 1].upper) ? drop + 1 : drop;
    reports.push({
      start: sub.start,
      end: sub.end,
      message: `DROP ${what.kind.toUpperCase()} ${cmd.name} fails when ${table} no longer has it (the second run): add IF EXISTS.`,
      fixes: fix('Add IF EXISTS', drop < 0 ? undefined : insertAfterToken(tokens, keyword, ' IF EXISTS')),
    });
  }
  return reports;
}
