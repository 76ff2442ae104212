/**
 * Shared by `missing-lock-timeout` and `missing-statement-timeout`: the first statement that
 * takes a write-blocking lock on an existing table, unless a timeout setting came before it.
 */
import { unwrap } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { fix, insertLineBefore } from './fixes';
import { DURATION } from '../vocabulary';
import { describeLock, disruptsTraffic, locksOnExisting, type RelationLock } from './locks';
import type { Report, RuleContext } from './types';

/** A timeout setting that a rule asks for, with the value its quick fix inserts (a rule option). */
export interface Timeout {
  ruleId: string;
  setting: string;
  option: string;
  fallback: string;
  /** What goes wrong without it. */
  why: string;
}

export const LOCK_TIMEOUT: Timeout = {
  ruleId: 'missing-lock-timeout',
  setting: 'lock_timeout',
  option: 'lockTimeout',
  fallback: '5s',
  why: 'while it waits for the lock, every query on the table queues behind it',
};

export const STATEMENT_TIMEOUT: Timeout = {
  ruleId: 'missing-statement-timeout',
  setting: 'statement_timeout',
  option: 'statementTimeout',
  fallback: '15min',
  why: 'if it runs long, the table stays locked for all of it',
};

/** The value configured in the timeout's rule options, or its default when missing or not a duration. */
function valueOf(ctx: RuleContext, timeout: Timeout): string {
  const v = ctx.config.rules[timeout.ruleId]?.options?.[timeout.option];
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return DURATION.test(s) ? s : timeout.fallback;
}

/** `SET [LOCAL] name = value` that leaves a non-zero timeout in force for the next statements. */
function setsTimeout(stmt: Statement, ctx: RuleContext, setting: string): 'set' | 'cleared' | undefined {
  if (stmt.kind !== 'VariableSetStmt' || stmt.node.name !== setting) return undefined;
  if (stmt.node.kind !== 'VAR_SET_VALUE') return 'cleared';
  // SET LOCAL outside a transaction block only raises a warning and changes nothing.
  if (stmt.node.is_local && !ctx.inTransaction(stmt)) return undefined;
  const arg = unwrap(stmt.node.args?.[0], 'A_Const');
  const value = arg?.ival ? String(arg.ival.ival ?? 0) : (arg?.sval?.sval ?? String(arg?.fval?.fval ?? '0'));
  return /^0+(?:\.0+)?\s*[a-z]*$/i.test(value.trim()) ? 'cleared' : 'set';
}

/**
 * Per lint and setting, whether a non-zero timeout is in force at each executed statement (set by
 * an earlier statement of the file, not cleared since); the last entry is the state after the
 * file. Both `missing-*-timeout` rules read it.
 */
const inForceBySetting = new WeakMap<RuleContext, Map<string, boolean[]>>();

function timeoutsInForce(ctx: RuleContext, setting: string): boolean[] {
  let bySetting = inForceBySetting.get(ctx);
  if (!bySetting) inForceBySetting.set(ctx, (bySetting = new Map()));
  let flags = bySetting.get(setting);
  if (!flags) {
    flags = [];
    let inForce = false;
    for (const s of ctx.file.executed) {
      flags.push(inForce);
      const set = setsTimeout(s, ctx, setting);
      if (set) inForce = set === 'set';
    }
    flags.push(inForce);
    bySetting.set(setting, flags);
  }
  return flags;
}

/**
 * Per lint (the engine gives all rules of one lint one context), each executed statement's first
 * write-blocking lock on an existing table, by index (null: none; absent: not looked at yet). Both
 * timeout rules walk the same statements, most of a file when it creates what it alters: the
 * locks are worked out once for both. Keyed by the context, not the parse: what exists before a
 * statement depends on the set context, and one parse may be linted in another.
 */
const strongLocks = new WeakMap<RuleContext, (RelationLock | null)[]>();

/** The first statement, with its lock, that takes a write-blocking lock on an existing table while `setting` is unset. */
function firstUnguardedStrongLock(ctx: RuleContext, setting: string): { stmt: Statement; lock: RelationLock } | undefined {
  let known = strongLocks.get(ctx);
  if (!known) strongLocks.set(ctx, (known = []));
  const executed = ctx.file.executed;
  const guarded = timeoutsInForce(ctx, setting);
  for (let i = 0; i < executed.length; i++) {
    // A SET takes no lock: the setting in force before a statement is the one that guards it.
    if (guarded[i]) continue;
    const stmt = executed[i];
    if (known[i] === undefined) known[i] = locksOnExisting(stmt, ctx).find(disruptsTraffic) ?? null;
    const lock = known[i];
    if (lock) return { stmt, lock };
  }
  return undefined;
}

/**
 * The report for a missing timeout, with a fix that inserts `SET setting = 'value';` at the top of
 * the file. Where both timeouts are missing at the same statement and both rules report there
 * (neither is off or silenced by a comment), one finding (missing-lock-timeout's) names both and its
 * fix inserts both: two findings on one statement, each fixing half, were the same advice twice.
 */
export function missingTimeoutReport(ctx: RuleContext, timeout: Timeout): Report[] {
  const found = firstUnguardedStrongLock(ctx, timeout.setting);
  if (!found) return [];
  const other = timeout === LOCK_TIMEOUT ? STATEMENT_TIMEOUT : LOCK_TIMEOUT;
  const both = ctx.reports(timeout.ruleId, found.stmt) && ctx.reports(other.ruleId, found.stmt) && firstUnguardedStrongLock(ctx, other.setting)?.stmt === found.stmt;
  if (both && timeout === STATEMENT_TIMEOUT) return [];
  const missing = both ? [LOCK_TIMEOUT, STATEMENT_TIMEOUT] : [timeout];
  const sets = missing.map((t) => `SET ${t.setting} = '${valueOf(ctx, t)}'`);
  const none = both ? 'neither lock_timeout nor statement_timeout' : `no ${timeout.setting}`;
  const message = `This statement takes ${found.lock.mode} on ${describeLock(found.lock)} with ${none} set: ${missing.map((t) => t.why).join(', and ')}. Add ${sets.map((set) => `${set};`).join(' and ')} at the top of the migration.`;
  const preamble = insertLineBefore(ctx, ctx.file.statements[0], sets.map((set) => `${set};`).join('\n'));
  return [{ start: found.stmt.start, end: found.stmt.end, message, fixes: fix(`Add ${sets.join(' and ')}`, preamble) }];
}
