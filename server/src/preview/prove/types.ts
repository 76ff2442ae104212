/**
 * The run-time proofs' shapes: what is asked of the preview worker and what comes back. Plain
 * data (structured clone across the worker boundary), like ../types.ts.
 */
import type { LockMode, Severity } from '../../rules/types';
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

/** Finding ids of the proofs: rules of the registry (rules/proof-*.ts hold their docs, category and severity). */
export const PROOF_RULES = {
  idempotency: 'proof-idempotency',
  'round-trip': 'proof-round-trip',
  drift: 'proof-drift',
  trace: 'proof-lock',
} as const satisfies Record<ProofKind, string>;

export type ProofRuleId = (typeof PROOF_RULES)[ProofKind];

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
