/**
 * Turns a migration file into the units the preview executes: one per top-level statement, in
 * the file's own offsets, classified by how the runner would treat it.
 */
import { scanSync } from '../parse/pg-query';
import { unwrap, unwrapAll } from '../parse/ast';
import { lex } from '../parse/lexer';
import { ByteMap } from '../parse/offsets';
import { parseSql, type ParsedFile, type Statement } from '../parse/parser';
import { isAvailable, missingExtensionMessage } from './extensions';

/**
 * `sql`: run as written (`sql` may have CONCURRENTLY blanked out); `begin`/`commit`/`rollback`:
 * the file's own transaction control; `skip`: not run, `why` says so.
 */
type UnitKind = 'sql' | 'begin' | 'commit' | 'rollback' | 'skip';

export interface Unit {
  kind: UnitKind;
  /** UTF-16 offsets of the statement in the file. */
  start: number;
  end: number;
  /** The text sent to PostgreSQL: exactly file[start, end) or a same-length rewrite of it. */
  sql: string;
  why?: string;
  /** A skip the user must see as a warning (an extension PGlite lacks): the set may still be right, the preview is incomplete. */
  severe?: boolean;
  /** `ALTER TYPE … ADD VALUE`: the value is usable only once committed. */
  addsEnumValue?: boolean;
  /** The statement PostgreSQL refuses inside a transaction block (`CREATE INDEX CONCURRENTLY`), as its error names it. */
  refusesBlock?: string;
}

export interface FilePlan {
  path: string;
  text: string;
  parsed: ParsedFile;
  units: Unit[];
  /** BEGIN/COMMIT in the file: the runner does not wrap it. */
  ownTransactions: boolean;
  /** Holds statements PostgreSQL refuses inside a transaction block: the runner does not wrap it. */
  outsideTransaction: boolean;
}

export function planFile(path: string, text: string): FilePlan {
  const parsed = parseSql(text);
  const units: Unit[] = [];
  let ownTransactions = false;
  let outsideTransaction = false;
  for (const { unit, stmt } of unitsOf(parsed)) {
    if (unit.kind === 'begin' || unit.kind === 'commit' || unit.kind === 'rollback') ownTransactions = true;
    if (stmt && refusesTransactionBlock(stmt)) outsideTransaction = true;
    const refuses = stmt && blockRefusal(stmt);
    if (refuses) unit.refusesBlock = refuses;
    units.push(unit);
  }
  return { path, text, parsed, units, ownTransactions, outsideTransaction };
}

/**
 * Parsed statements, plus the lexer's segments the parser could not read or did not parse (too
 * large, too deep): PostgreSQL reports or runs those, and the runner says when PGlite did not.
 */
function unitsOf(file: ParsedFile): { unit: Unit; stmt?: Statement }[] {
  const out: { unit: Unit; stmt?: Statement }[] = file.statements.map((s) => ({ unit: classify(file, s), stmt: s }));
  if (file.syntaxErrors.length || file.unparsed.length) {
    for (const seg of lex(file.text).segments) {
      if (file.statements.some((s) => s.start < seg.end && seg.start < s.end)) continue;
      out.push({ unit: { kind: 'sql', start: seg.start, end: seg.end, sql: file.text.slice(seg.start, seg.end) } });
    }
    out.sort((a, b) => a.unit.start - b.unit.start);
  }
  return out;
}

const TRANSACTION_KINDS: Record<string, UnitKind> = {
  TRANS_STMT_BEGIN: 'begin',
  TRANS_STMT_START: 'begin',
  TRANS_STMT_COMMIT: 'commit',
  TRANS_STMT_ROLLBACK: 'rollback',
};

/** Statements with no effect on the schema that PostgreSQL refuses inside a transaction block. */
const SKIPPED: Record<string, string> = {
  VacuumStmt: 'VACUUM/ANALYZE does not change the schema; the preview skips it',
  ReindexStmt: 'REINDEX does not change the schema; the preview skips it',
  CreatedbStmt: 'CREATE DATABASE is outside what the preview models; skipped',
  DropdbStmt: 'DROP DATABASE is outside what the preview models; skipped',
  CreateTableSpaceStmt: 'tablespaces are outside what the preview models; skipped',
  DropTableSpaceStmt: 'tablespaces are outside what the preview models; skipped',
  AlterSystemStmt: 'ALTER SYSTEM is outside what the preview models; skipped',
  CreateSubscriptionStmt: 'subscriptions are outside what the preview models; skipped',
  AlterSubscriptionStmt: 'subscriptions are outside what the preview models; skipped',
  DropSubscriptionStmt: 'subscriptions are outside what the preview models; skipped',
  CheckPointStmt: 'CHECKPOINT does not change the schema; the preview skips it',
};

function classify(file: ParsedFile, s: Statement): Unit {
  const base = { start: s.start, end: s.end, sql: file.text.slice(s.start, s.end) };
  if (s.kind === 'TransactionStmt') {
    const kind = TRANSACTION_KINDS[s.node.kind ?? ''];
    // SAVEPOINT / RELEASE / ROLLBACK TO run as written inside the preview's own transaction.
    return kind ? { ...base, kind } : { ...base, kind: 'sql' };
  }
  if (s.kind in SKIPPED && (s.kind !== 'VacuumStmt' || s.node.is_vacuumcmd)) return { ...base, kind: 'skip', why: SKIPPED[s.kind] };
  if (s.kind === 'CopyStmt') return { ...base, kind: 'skip', why: copySkipped(s.node) };
  if (s.kind === 'DoStmt' && s.nested.some((n) => n.kind === 'CopyStmt' && n.node.is_program)) {
    return { ...base, kind: 'skip', why: PROGRAM_IN_DO, severe: true };
  }
  if (s.kind === 'CreateExtensionStmt' && !isAvailable(String(s.node.extname))) {
    return { ...base, kind: 'skip', why: missingExtensionMessage(String(s.node.extname)), severe: true };
  }
  if (isConcurrent(s)) return { ...base, kind: 'sql', sql: blankConcurrently(base.sql) };
  return { ...base, kind: 'sql', addsEnumValue: s.kind === 'AlterEnumStmt' && !!s.node.newVal };
}

/**
 * COPY moves rows, never schema, and every form reaches outside the sandbox: PGlite waits forever
 * for STDIN rows, and after `PROGRAM` it stops answering queries. Skipped, never run.
 */
function copySkipped(node: { is_from?: boolean; is_program?: boolean; filename?: string }): string {
  const other = node.is_program ? 'a shell command (PROGRAM)' : node.filename ? 'a server file' : node.is_from ? 'rows a client sends (STDIN)' : 'a client (STDOUT)';
  return `COPY ${node.is_from ? 'from' : 'to'} ${other}: the preview has no client and no access to the host's files or programs, so it skips COPY (data only, the schema is unchanged)`;
}

const PROGRAM_IN_DO =
  'This DO block runs COPY … PROGRAM (a shell command): the preview never runs programs (PGlite stops answering after one), so it skips the whole block, and what else the block does is missing from the preview';

function isConcurrent(s: Statement): boolean {
  if (s.kind === 'IndexStmt' || s.kind === 'DropStmt') return !!s.node.concurrent;
  if (s.kind === 'AlterTableStmt') return unwrapAll(s.node.cmds, 'AlterTableCmd').some((c) => unwrap(c.def, 'PartitionCmd')?.concurrent);
  return false;
}

/** PostgreSQL runs these only outside a transaction block (PreventInTransactionBlock). */
function refusesTransactionBlock(s: Statement): boolean {
  if (isConcurrent(s)) return true;
  if (s.kind === 'VacuumStmt') return !!s.node.is_vacuumcmd;
  if (s.kind === 'ReindexStmt') return true; // CONCURRENTLY, SYSTEM and DATABASE forms; the rest is harmless either way
  return s.kind in SKIPPED;
}

/**
 * How PostgreSQL names the statement when PreventInTransactionBlock refuses it ("CREATE INDEX
 * CONCURRENTLY cannot run inside a transaction block"); undefined for statements it accepts there.
 */
function blockRefusal(s: Statement): string | undefined {
  switch (s.kind) {
    case 'IndexStmt':
      return s.node.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return s.node.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt':
      return unwrapAll(s.node.params, 'DefElem').some((p) => p.defname === 'concurrently') ? 'REINDEX CONCURRENTLY' : undefined;
    case 'AlterTableStmt':
      return isConcurrent(s) ? 'ALTER TABLE ... DETACH PARTITION CONCURRENTLY' : undefined;
    case 'VacuumStmt':
      return s.node.is_vacuumcmd ? 'VACUUM' : undefined;
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    default:
      return undefined;
  }
}

/**
 * The preview runs every file inside its own transaction (for savepoints); a concurrent build
 * there is refused, and builds the same index as a plain one. Replacing the keyword with spaces
 * keeps every character position, so PostgreSQL's error positions still point into the file.
 */
function blankConcurrently(sql: string): string {
  const bytes = new ByteMap(sql);
  for (const t of scanSync(sql).tokens) {
    if (t.text.toLowerCase() !== 'concurrently') continue;
    const from = bytes.toUtf16(t.start);
    const to = bytes.toUtf16(t.end);
    return sql.slice(0, from) + ' '.repeat(to - from) + sql.slice(to);
  }
  return sql;
}
