/**
 * The preview's public shapes: what the host sends the worker and what comes back. Plain data
 * only (it crosses a worker_threads boundary by structured clone).
 */
import type { TransactionMode } from '../layout/conventions';
import type { SchemaModel } from './schema-model';

export interface PreviewFile {
  path: string;
  text: string;
  /** This file's own transaction mode when it opts out of the set's (goose `-- +goose NO TRANSACTION`). */
  transaction?: TransactionMode;
}

export interface PreviewInput {
  /** In apply order. */
  files: PreviewFile[];
  transaction: TransactionMode;
  preset?: 'supabase';
  /** Runs before the first migration (after the preset), e.g. roles a hosting platform provides. */
  setupSql?: string;
  /** The worker is terminated when a run takes longer than this. */
  timeoutMs: number;
}

/** Where an apply error (or the statement running at the time limit) is, in the file's own offsets. */
export interface ApplyError {
  path: string;
  /** UTF-16 offsets in the file: the error position when PostgreSQL gave one, else the statement. */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
  message: string;
  detail?: string;
  hint?: string;
  /** SQLSTATE, e.g. `42P01`. */
  code?: string;
  /** The failing statement's range in the file. */
  statement: { start: number; end: number };
  timedOut?: boolean;
  /** The preview worker ran out of its heap (HostOptions.heapMb) while this statement ran. */
  outOfMemory?: boolean;
}

export type FileStatus = 'applied' | 'failed' | 'pending';

export interface FileOutcome {
  path: string;
  status: FileStatus;
  /** Milliseconds spent applying this file (0 when reused from an earlier run). */
  ms: number;
}

/** Something the preview did differently from a server, so the user is not surprised. */
export interface PreviewNote {
  path: string;
  /** UTF-16 offsets of the statement concerned. */
  start: number;
  end: number;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface PreviewResult {
  ok: boolean;
  error?: ApplyError;
  files: FileOutcome[];
  /** The schema after the last good file (see apply.ts for what "good" means per transaction mode). */
  schema: SchemaModel;
  notes: PreviewNote[];
  timings: { bootMs: number; applyMs: number; introspectMs: number; totalMs: number };
  /** Files whose effects were reused from the previous run of the same session. */
  reusedFiles: number;
  /**
   * The run was cancelled before this file (its index): the files before it are applied (the
   * session keeps them for the next run), the rest are pending and the schema was not read.
   */
  cancelledAt?: number;
}

/** Where a run is, for its progress: starting PGlite, applying file `index` (0-based) of `total`, reading the schema. */
export type RunStep = { phase: 'boot' } | { phase: 'apply'; index: number; total: number; path: string } | { phase: 'introspect' };
