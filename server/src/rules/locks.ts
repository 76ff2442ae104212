/**
 * Which table locks a statement takes, from PostgreSQL's own rules (tablecmds.c,
 * "Explicit Locking" in the manual). The one place that knows lock levels: the safety
 * rules ask it instead of each keeping its own table. test/unit/rule-locks.test.ts checks
 * the documented levels against PGlite's pg_locks.
 */
import type { AlterTableStmt, Constraint, CreateStmt, DropStmt, Node } from '@pgsql/types';
import { normalizeName, qualifiedName, relationName, stringValue, unwrap, unwrapAll } from '../parse/ast';
import { fitted, MemoSlot, type ParsedFile, type Statement, type StatementOf } from '../parse/parser';
import { droppedNames } from './dropped-names';
import { transactionBlocks } from './transaction-blocks';
import type { LockMode, RuleContext } from './types';

/** Weakest first, as in PostgreSQL's conflict table. */
export const LOCK_MODES: LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

export function lockRank(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function strongestMode(modes: LockMode[]): LockMode | undefined {
  let best: LockMode | undefined;
  for (const m of modes) if (best === undefined || lockRank(m) > lockRank(best)) best = m;
  return best;
}

/** Conflicts with ROW EXCLUSIVE: writes wait (and from ACCESS EXCLUSIVE on, reads too). */
export function blocksWrites(mode: LockMode): boolean {
  return lockRank(mode) >= lockRank('SHARE');
}

/**
 * The lock stops the application's traffic: it blocks writes to a table, or reads of a
 * materialized view (nobody writes to one, so only ACCESS EXCLUSIVE matters there).
 */
export function disruptsTraffic(lock: RelationLock): boolean {
  return lock.target === 'matview' ? lock.mode === 'ACCESS EXCLUSIVE' : blocksWrites(lock.mode);
}

/** What the locked thing is named by in the statement. */
type LockTarget =
  | 'table'
  | 'matview'
  /** The table an index belongs to, known only by the index's name. */
  | 'index'
  /** Every table with a column of this domain. */
  | 'domain';

export interface RelationLock {
  mode: LockMode;
  /** Name as written (schema-qualified when it was). */
  name: string;
  target: LockTarget;
}

/** RENAME of these takes ACCESS EXCLUSIVE on the table (or materialized view). */
const RENAME_LOCKS_TABLE = new Set<string>(['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_MATVIEW']);

/** Kept with the statement's cached parse (parser.ts): the lock rules ask each statement's locks several times per lint. */
const locksSlot = new MemoSlot<readonly RelationLock[]>('locks');

/** The table-level locks a statement takes, strongest per relation. Shared: never change them. */
export function lockOf(stmt: Statement): readonly RelationLock[] {
  let locks = locksSlot.get(stmt);
  if (!locks) {
    locksSlot.set(stmt, (locks = fitted(locksTaken(stmt))));
  }
  return locks;
}

function locksTaken(stmt: Statement): RelationLock[] {
  const out: RelationLock[] = [];
  const add = (mode: LockMode, name: string, target: LockTarget = 'table') => {
    if (!name) return;
    const same = out.find((l) => l.name === name && l.target === target);
    if (!same) out.push({ mode, name, target });
    else if (lockRank(mode) > lockRank(same.mode)) same.mode = mode;
  };
  switch (stmt.kind) {
    case 'IndexStmt':
      add(stmt.node.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', relationName(stmt.node.relation));
      break;
    case 'DropStmt':
      dropLocks(stmt.node, add);
      break;
    case 'ReindexStmt': {
      const mode: LockMode = hasOption(stmt.node.params, 'concurrently') ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE';
      if (stmt.node.kind === 'REINDEX_OBJECT_TABLE') add(mode, relationName(stmt.node.relation));
      if (stmt.node.kind === 'REINDEX_OBJECT_INDEX') add(mode, relationName(stmt.node.relation), 'index');
      break;
    }
    case 'RefreshMatViewStmt':
      add(stmt.node.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE', relationName(stmt.node.relation), 'matview');
      break;
    case 'VacuumStmt': {
      const mode: LockMode = hasOption(stmt.node.options, 'full') ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE';
      for (const r of unwrapAll(stmt.node.rels, 'VacuumRelation')) add(mode, relationName(r.relation));
      break;
    }
    case 'ClusterStmt':
      add('ACCESS EXCLUSIVE', relationName(stmt.node.relation));
      break;
    case 'TruncateStmt':
      for (const r of unwrapAll(stmt.node.relations, 'RangeVar')) add('ACCESS EXCLUSIVE', relationName(r));
      break;
    case 'LockStmt': {
      // LOCK's mode is PostgreSQL's LOCKMODE number: 1 = ACCESS SHARE … 8 = ACCESS EXCLUSIVE.
      const mode = LOCK_MODES[(stmt.node.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
      for (const r of unwrapAll(stmt.node.relations, 'RangeVar')) add(mode, relationName(r));
      break;
    }
    case 'AlterTableStmt':
      alterTableLocks(stmt.node, add);
      break;
    case 'RenameStmt':
      if (RENAME_LOCKS_TABLE.has(stmt.node.renameType ?? '')) {
        add('ACCESS EXCLUSIVE', relationName(stmt.node.relation), stmt.node.renameType === 'OBJECT_MATVIEW' ? 'matview' : 'table');
      }
      break;
    case 'CreateTrigStmt':
      add('SHARE ROW EXCLUSIVE', relationName(stmt.node.relation));
      break;
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      add('ACCESS EXCLUSIVE', relationName(stmt.node.table));
      break;
    case 'CreateStmt':
      // A new table locks what it references and the parent it is a partition of.
      for (const c of constraintsOfCreate(stmt.node)) if (c.contype === 'CONSTR_FOREIGN') add('SHARE ROW EXCLUSIVE', relationName(c.pktable));
      if (stmt.node.partbound) for (const p of unwrapAll(stmt.node.inhRelations, 'RangeVar')) add('ACCESS EXCLUSIVE', relationName(p));
      break;
    case 'AlterDomainStmt':
      // Adding a validated constraint checks every column of the domain under SHARE.
      if (stmt.node.subtype === 'C' && !unwrap(stmt.node.def, 'Constraint')?.skip_validation) add('SHARE', qualifiedName(stmt.node.typeName), 'domain');
      break;
  }
  return out;
}

type AddLock = (mode: LockMode, name: string, target?: LockTarget) => void;

function dropLocks(n: DropStmt, add: AddLock): void {
  for (const o of n.objects ?? []) {
    const names = unwrap(o, 'List')?.items ?? [];
    const name = qualifiedName(names);
    switch (n.removeType) {
      case 'OBJECT_TABLE':
        add('ACCESS EXCLUSIVE', name);
        break;
      case 'OBJECT_MATVIEW':
        add('ACCESS EXCLUSIVE', name, 'matview');
        break;
      case 'OBJECT_INDEX':
        add(n.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', name, 'index');
        break;
      case 'OBJECT_TRIGGER':
      case 'OBJECT_POLICY':
        // `DROP TRIGGER t ON tbl`: the table comes first, the trigger's name last.
        add('ACCESS EXCLUSIVE', qualifiedName(names.slice(0, -1)));
        break;
    }
  }
}

/** Subcommands that need less than ACCESS EXCLUSIVE (everything else takes it). */
const ALTER_TABLE_MODES: Record<string, LockMode> = {
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_SetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_DetachPartitionFinalize: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableAlwaysTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableReplicaTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE',
};

function alterTableLocks(n: AlterTableStmt, add: AddLock): void {
  if (n.objtype !== 'OBJECT_TABLE' && n.objtype !== 'OBJECT_MATVIEW') return;
  const table = relationName(n.relation);
  const target: LockTarget = n.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table';
  for (const cmd of unwrapAll(n.cmds, 'AlterTableCmd')) {
    const constraint = unwrap(cmd.def, 'Constraint');
    const partition = unwrap(cmd.def, 'PartitionCmd');
    if (cmd.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_FOREIGN') {
      add('SHARE ROW EXCLUSIVE', table, target);
      add('SHARE ROW EXCLUSIVE', relationName(constraint.pktable));
    } else if (cmd.subtype === 'AT_DetachPartition') {
      const mode: LockMode = partition?.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
      add(mode, table, target);
      add(mode, relationName(partition?.name));
    } else {
      add((cmd.subtype && ALTER_TABLE_MODES[cmd.subtype]) || 'ACCESS EXCLUSIVE', table, target);
      // The table being attached is checked against its bound under ACCESS EXCLUSIVE.
      if (cmd.subtype === 'AT_AttachPartition') add('ACCESS EXCLUSIVE', relationName(partition?.name));
      for (const k of unwrapAll(unwrap(cmd.def, 'ColumnDef')?.constraints, 'Constraint')) {
        if (k.contype === 'CONSTR_FOREIGN') add('SHARE ROW EXCLUSIVE', relationName(k.pktable));
      }
    }
  }
}

function constraintsOfCreate(n: CreateStmt): Constraint[] {
  const out: Constraint[] = [];
  for (const e of n.tableElts ?? []) {
    const table = unwrap(e, 'Constraint');
    if (table) out.push(table);
    out.push(...unwrapAll(unwrap(e, 'ColumnDef')?.constraints, 'Constraint'));
  }
  return out;
}

/** A `(NAME [value])` option is on: `(CONCURRENTLY false)` and `(FULL off)` switch it off. */
export function hasOption(options: Node[] | undefined, name: string): boolean {
  return unwrapAll(options, 'DefElem').some((d) => {
    if (d.defname !== name) return false;
    const v = d.arg === undefined ? 'true' : String(stringValue(d.arg) ?? unwrap(d.arg, 'Boolean')?.boolval ?? unwrap(d.arg, 'Integer')?.ival ?? 'true').toLowerCase();
    return !['false', 'off', '0'].includes(v);
  });
}

/**
 * A table or materialized view of that name existed before this file (was not created earlier
 * in it) and is worth protecting: a table the file also drops, before or after, has nothing to
 * protect, except from the statement that drops it (that one still waits for its lock).
 */
export function isExistingTable(name: string, stmt: Statement, ctx: RuleContext): boolean {
  // In a down file, a table its up twin created holds nothing worth protecting: the rollback runs
  // right after the up file (or the table is new to the release), so its locks block nobody.
  if (ctx.createdByUpTwin('table', name) || ctx.createdByUpTwin('matview', name)) return false;
  if (ctx.createdEarlierInFile('table', name, stmt) || ctx.createdEarlierInFile('matview', name, stmt)) return false;
  const droppers = fileFacts(ctx.file).dropped.get(normalizeName(name));
  return !droppers || droppers.has(stmt.parent ?? stmt) || droppers.has(stmt);
}

/** The file drops this table (top level or DO block, not guarded), before or after `stmt`. */
export function droppedByFile(name: string, ctx: RuleContext): boolean {
  return fileFacts(ctx.file).dropped.has(normalizeName(name));
}

/**
 * The table may hold rows when the statement runs: it existed before the file (see
 * isExistingTable) and was not emptied earlier in the same transaction (`TRUNCATE t`, or
 * `DELETE FROM t` without a condition). What the "existing rows" rules ask.
 */
export function mayHaveRows(name: string, stmt: Statement, ctx: RuleContext): boolean {
  return isExistingTable(name, stmt, ctx) && !emptiedBefore(ctx).get(stmt)?.has(normalizeName(name));
}

/**
 * The table an ALTER TABLE changes, when it is a table (not a view, sequence, index or type) that
 * may hold rows when the statement runs (mayHaveRows): where the "existing rows" rules start.
 */
export function alteredTableWithRows(stmt: StatementOf<'AlterTableStmt'>, ctx: RuleContext): string | undefined {
  if (stmt.node.objtype !== 'OBJECT_TABLE') return undefined;
  const table = relationName(stmt.node.relation);
  return mayHaveRows(table, stmt, ctx) ? table : undefined;
}

const emptied = new WeakMap<ParsedFile, Map<Statement, Set<string>>>();

/** For each statement, the tables emptied before it in its transaction block (computed once per file). */
function emptiedBefore(ctx: RuleContext): Map<Statement, Set<string>> {
  let out = emptied.get(ctx.file);
  if (out) return out;
  out = new Map();
  for (const block of transactionBlocks(ctx)) {
    if (!block.inTransaction) continue;
    let sofar = new Set<string>();
    for (const stmt of block.statements) {
      out.set(stmt, sofar);
      const tables = emptiedTables(stmt);
      if (tables.length) sofar = new Set([...sofar, ...tables]);
    }
  }
  emptied.set(ctx.file, out);
  return out;
}

/** Tables a statement leaves empty: TRUNCATE, DELETE without a condition (not guarded, not in a function). */
function emptiedTables(stmt: Statement): string[] {
  if (stmt.guarded || stmt.scope === 'function') return [];
  if (stmt.kind === 'TruncateStmt') return (stmt.node.relations ?? []).map((r) => normalizeName(relationName(unwrap(r, 'RangeVar'))));
  if (stmt.kind === 'DeleteStmt' && (!stmt.node.whereClause || unwrap(stmt.node.whereClause, 'A_Const')?.boolval?.boolval === true)) {
    return [normalizeName(relationName(stmt.node.relation))];
  }
  return [];
}

interface FileFacts {
  /** Tables dropped by the file (top level or DO block, not guarded), by name, with the dropping statements. */
  dropped: Map<string, Set<Statement>>;
  /** Index name → table, from the file's CREATE INDEX statements. */
  indexTables: Map<string, string>;
}

const facts = new WeakMap<ParsedFile, FileFacts>();

function fileFacts(file: ParsedFile): FileFacts {
  let f = facts.get(file);
  if (f) return f;
  f = { dropped: new Map(), indexTables: new Map() };
  for (const stmt of file.executed) {
    if (stmt.kind === 'IndexStmt' && stmt.node.idxname) f.indexTables.set(stmt.node.idxname, normalizeName(relationName(stmt.node.relation)));
    if (stmt.kind !== 'DropStmt' || stmt.node.removeType !== 'OBJECT_TABLE' || stmt.guarded || stmt.scope === 'function') continue;
    for (const name of droppedNames(stmt.node)) {
      const key = normalizeName(name);
      // A set, not a copied array: a file may drop the same table tens of thousands of times.
      const droppers = f.dropped.get(key) ?? new Set<Statement>();
      f.dropped.set(key, droppers.add(stmt));
    }
  }
  facts.set(file, f);
  return f;
}

/**
 * The table an index belongs to is dropped by this file: known from a CREATE INDEX in the
 * file, or read from the index's name (`orders_user_id_idx`, `idx_orders_user_id`: a dropped
 * table's name as whole `_`-separated words).
 */
function indexOnDroppedTable(index: string, ctx: RuleContext): boolean {
  const { dropped, indexTables } = fileFacts(ctx.file);
  if (dropped.size === 0) return false;
  const bare = normalizeName(index);
  const table = indexTables.get(bare) ?? indexTables.get(index);
  if (table !== undefined) return dropped.has(table);
  const words = `_${bare.split('.').pop()}_`;
  for (const name of dropped.keys()) if (words.includes(`_${name.split('.').pop()}_`)) return true;
  return false;
}

/** True when the relation a lock is on existed before this file (was not created earlier in it). */
function onExistingRelation(lock: RelationLock, stmt: Statement, ctx: RuleContext): boolean {
  switch (lock.target) {
    case 'table':
    case 'matview':
      return isExistingTable(lock.name, stmt, ctx);
    case 'index':
      return !ctx.createdEarlierInFile('index', lock.name, stmt) && !ctx.createdByUpTwin('index', lock.name) && !indexOnDroppedTable(lock.name, ctx);
    case 'domain':
      return !ctx.createdEarlierInFile('type', lock.name, stmt);
  }
}

/** The statement's locks on relations that existed before this file. */
export function locksOnExisting(stmt: Statement, ctx: RuleContext): RelationLock[] {
  return lockOf(stmt).filter((l) => onExistingRelation(l, stmt, ctx));
}

/** How a lock is named in messages: `users`, `the table of index users_email_idx`. */
export function describeLock(lock: RelationLock): string {
  switch (lock.target) {
    case 'table':
      return lock.name;
    case 'matview':
      return `materialized view ${lock.name}`;
    case 'index':
      return `the table of index ${lock.name}`;
    case 'domain':
      return `every table using domain ${lock.name}`;
  }
}

/** pg_locks spells modes `AccessExclusiveLock`; ours are `ACCESS EXCLUSIVE`. */
export function modeFromPgLocks(mode: string): LockMode | undefined {
  const words = mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return LOCK_MODES.find((m) => m === words);
}
