/**
 * The run-time proofs' shapes: what is asked of the preview worker and what comes back. Plain
 * data (structured clone across the worker boundary), like ../types.ts.
 */
import type { Finding } from '../../engine';
import type { Category, LockMode, Severity } from '../../rules/types';
import type { ApplyError, PreviewFile } from '../types';

export type ProofKind = 'idempotency' | 'round-trip' | 'drift' | 'trace';

export type ProofRequest =
  /** Apply the set, then apply `files` (default: all) again, in order. */
  | { kind: 'idempotency'; files?: string[] }
  /** For each up file with a down twin (keyed by the up file's path): up, down, compare, up again. */
  /** `verifies`: scripts run after their up file (sqitch's verify scripts), keyed by the up file's path. */
  | { kind: 'round-trip'; downs: Record<string, PreviewFile>; verifies?: Record<string, PreviewFile> }
  /** The snapshot file must produce the same schema as the set. */
  /** `ignoreTables`: `schema.table` names the snapshot may hold and the migrations never make (the runner's history table in a dbmate dump). */
  | { kind: 'drift'; snapshot: PreviewFile; ignoreTables?: string[] }
  /** Each statement of `path` (a file of the set), on top of the files before it, rolled back. */
  | { kind: 'trace'; path: string };

/** Finding ids of the proofs, as the CLI, SARIF and suppressions know them. */
export const PROOF_RULES = {
  idempotency: 'proof-idempotency',
  'round-trip': 'proof-round-trip',
  drift: 'proof-drift',
  trace: 'proof-lock',
} as const satisfies Record<ProofKind, string>;

export type ProofRuleId = (typeof PROOF_RULES)[ProofKind];

/** What each proof checks, for rule listings (SARIF descriptors, README). */
export const PROOF_DOCS: Record<ProofRuleId, { summary: string; why: string }> = {
  'proof-idempotency': {
    summary: 'Applied a second time (as every deploy re-applies the file), the statement fails or changes data again.',
    why: 'The set is applied to PGlite, then each file again on top of it; a failing statement, or one that changes the row count or rows of a table, is reported.',
  },
  'proof-round-trip': {
    summary: 'The down file fails, or does not restore the schema its up file found (or, with sqitch, the verify script fails after its change).',
    why: 'For each up file with a down twin: the schema is read, up and down are applied, the schema is read again and compared object by object; then up is applied again. A sqitch change\'s verify script runs right after its deploy script, as `sqitch deploy --verify` runs it, and must succeed.',
  },
  'proof-drift': {
    summary: 'The schema snapshot (preview.snapshot) makes a different schema than the migrations.',
    why: 'The migrations and the snapshot are applied in turn to PGlite and their schemas compared object by object.',
  },
  'proof-lock': {
    summary: 'Observed in PostgreSQL: the statement takes a lock that blocks traffic on an existing table for long (a rewrite) or from SQL the static rules cannot read.',
    why: 'Each statement is run on top of the earlier migrations in PGlite and rolled back; pg_locks and relfilenode show its locks and rewrites.',
  },
};

/** The rule category each proof's findings are counted under (severity settings, SARIF). */
export const PROOF_CATEGORIES = {
  'proof-idempotency': 'idempotency',
  'proof-round-trip': 'safety',
  'proof-drift': 'layout',
  'proof-lock': 'safety',
} as const satisfies Record<ProofRuleId, Category>;

/** A proof finding as the lint report and the diagnostics carry findings. */
export function asFinding(f: ProofFinding): Finding {
  return { ruleId: f.ruleId, category: PROOF_CATEGORIES[f.ruleId], severity: f.severity, message: f.message, start: f.start, end: f.end, fixes: [] };
}

export interface ProofFinding {
  ruleId: ProofRuleId;
  path: string;
  /** UTF-16 offsets in the file. */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
  severity: Severity;
  message: string;
}

export interface TracedLock {
  /** Schema-qualified unless in `public`. */
  relation: string;
  kind: 'table' | 'partitioned table' | 'materialized view' | 'view' | 'index' | 'sequence' | 'foreign table';
  mode: LockMode;
}

/** What one statement did to objects that existed before its file. */
export interface StatementTrace {
  /** UTF-16 offsets of the statement in the file. */
  start: number;
  end: number;
  line: number;
  /** Strongest first; one entry per relation (its strongest mode). */
  locks: TracedLock[];
  /** Tables and materialized views whose storage was rewritten (relfilenode changed). */
  rewrites: string[];
  /** Indexes rebuilt (with their table's rewrite, or alone). */
  rebuiltIndexes: string[];
  /** Traced after the file's earlier statements (it needs them); `locks` are still its own. */
  withEarlier?: boolean;
  /** Traced after the earlier statements: the locks they hold while this one runs (not its own; named as held). */
  held?: TracedLock[];
  /** Why the statement could not be traced (it failed, or it runs outside a transaction). */
  note?: string;
}

export interface ProofResult {
  kind: ProofKind;
  /** False when the set itself could not be applied (then `error` says where), or the proof was cut off. */
  ok: boolean;
  error?: ApplyError;
  findings: ProofFinding[];
  /** The trace's statements (kind `trace`). */
  traces?: StatementTrace[];
  ms: number;
}
