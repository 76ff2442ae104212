/**
 * Which proof each migration set gets: for the editor's commands and `check`'s flags (every set
 * the proof applies to), and after each preview in the editor (idempotency, where the set's
 * runner re-applies files).
 */
import type { ResolvedConfig } from '../../config-model';
import { claimsRerunSafe } from '../../engine';
import { CONVENTIONS } from '../../layout/conventions';
import type { MigrationSet } from '../../layout/types';
import { parseSql } from '../../parse/parser';
import { conventionSnapshotOf, downsOfSet, snapshotOf, verifiesOfSet, type ReadFile } from '../from-set';
import type { ProofRequest } from './types';

/** The proofs run over a whole set (the lock trace is per file). */
export type CommandProof = 'idempotency' | 'round-trip' | 'drift';

/**
 * The request of proof `kind` for `set`, or undefined when it does not apply: round trip needs
 * down files, drift a configured `preview.snapshot` or the snapshot its convention keeps (dbmate's
 * `db/schema.sql`). Throws PreviewInputError when a down file
 * or the snapshot cannot be read.
 */
export function proofRequestFor(kind: CommandProof, set: MigrationSet, config: ResolvedConfig, readFile: ReadFile, workspace: string): ProofRequest | undefined {
  switch (kind) {
    case 'idempotency':
      return { kind };
    case 'round-trip': {
      const downs = downsOfSet(set, readFile);
      const verifies = verifiesOfSet(set, readFile);
      if (!Object.keys(downs).length && !Object.keys(verifies).length) return undefined;
      return Object.keys(verifies).length ? { kind, downs, verifies } : { kind, downs };
    }
    case 'drift': {
      const snapshot = snapshotOf(config, readFile, workspace) ?? conventionSnapshotOf(set, readFile, workspace);
      if (!snapshot) return undefined;
      const history = CONVENTIONS[set.convention].history?.table;
      return history ? { kind, snapshot, ignoreTables: [history.includes('.') ? history : `public.${history}`] } : { kind, snapshot };
    }
  }
}

/**
 * The idempotency proof to run after a preview: the whole set when `preview.idempotency` is true,
 * or, with 'auto', wherever the lint expects idempotency (engine.ts): the whole set when its
 * runner re-applies files (init-sorted) or `idempotent` is true, else only the files whose header
 * claims "Safe to re-run". Undefined when nothing is covered. Needs `initParser()` to have completed.
 */
export function autoIdempotencyRequest(set: MigrationSet, config: ResolvedConfig, readFile: ReadFile): ProofRequest | undefined {
  if (config.preview.idempotency !== 'auto') return config.preview.idempotency ? { kind: 'idempotency' } : undefined;
  return reappliedIdempotencyRequest(set, config, readFile);
}

/**
 * The Prove Idempotency command: the files the user picked (`picked`, absolute paths), else what
 * the runner applies again, as the lint sees it (engine.ts `idempotencyExpected`): the whole set
 * when its runner re-applies every file (init-sorted) or `idempotent` is true; else its
 * repeatable files (Flyway `R__`, graphile-migrate's `current.sql`) and the files whose header
 * claims "Safe to re-run". Elsewhere a second apply only reports every CREATE: undefined.
 */
export function reappliedIdempotencyRequest(set: MigrationSet, config: ResolvedConfig, readFile: ReadFile, picked?: readonly string[]): ProofRequest | undefined {
  if (picked) {
    const files = set.files.map((f) => f.path).filter((p) => picked.includes(p));
    return files.length ? { kind: 'idempotency', files } : undefined;
  }
  if (config.idempotent !== 'auto') return config.idempotent ? { kind: 'idempotency' } : undefined;
  const convention = CONVENTIONS[set.convention];
  if (convention.idempotent) return { kind: 'idempotency' };
  const files = set.files.filter((f) => convention.repeatable?.(f) || claimsSafe(readFile(f.path))).map((f) => f.path);
  return files.length ? { kind: 'idempotency', files } : undefined;
}

function claimsSafe(text: string | undefined): boolean {
  // Most files say nothing of the kind: skip parsing them.
  return !!text && /safe to re-?run/i.test(text) && claimsRerunSafe(parseSql(text));
}
