/**
 * The one contract between the VS Code client and the language server: command ids, custom
 * request and notification names, their payloads and the diagnostic sources. Both sides import
 * this module; `client/src` imports nothing else from the engine (test/unit/client/imports.test.ts
 * checks it), so the extension host never loads the parser, the rules or PGlite.
 *
 * Payload types are type-only imports of the engine's plain data shapes (erased at build time):
 * no engine code reaches the client bundle. The server sends what the client shows ready-made,
 * the DDL of schema objects included (SchemaDdl).
 */
import type { ConventionId } from '../server/src/layout/conventions';
import type { MigrationSet } from '../server/src/layout/types';
import type { ProofKind, ProofResult } from '../server/src/preview/prove/types';
import type { PreviewResult } from '../server/src/preview/types';
import type { SchemaModel } from '../server/src/preview/schema-model';
import type { LiveSetReport } from '../server/src/live/report';
import type { CandidateFolder } from '../server/src/layout/candidates';

export type { MigrationFile, MigrationSet } from '../server/src/layout/types';
export type { ApplyError, FileStatus, PreviewResult } from '../server/src/preview/types';
export type { ColumnInfo, ConstraintInfo, ExtensionInfo, Origin, SchemaInfo, SchemaModel, TableInfo, TypeInfo } from '../server/src/preview/schema-model';
export type { ProofFinding, ProofKind, ProofResult } from '../server/src/preview/prove/types';
export type { ConventionId } from '../server/src/layout/conventions';
export type { DriftReport, LiveSetReport } from '../server/src/live/report';
export type { DriftItem } from '../server/src/live/drift';
export type { MigrationState, MigrationStatus } from '../server/src/live/status';
export type { CreatedMigration } from '../server/src/scaffold/new-migration';
export type { CandidateFolder } from '../server/src/layout/candidates';
import type { CreatedMigration } from '../server/src/scaffold/new-migration';
import type { SchemaDdl } from '../server/src/preview/ddl';
export type { SchemaDdl } from '../server/src/preview/ddl';

/** The client id: also makes `migrationLens.trace.server` the trace setting. */
export const CLIENT_ID = 'migrationLens';

/**
 * V8 flags for the language server's process, given by whoever starts it (the client, the
 * protocol tests and benchmarks). An old generation that grows by 50 % past what a full GC kept
 * (`--heap-growing-percent`; V8's own factor goes up to 4×): the server's heap holds 30–60 MB
 * live but had grown to about 140 MB. At 20 % most edits of a 10,000-line file paid a full
 * collection over stdio: 137–151 ms against 62–73 ms at 50 %, whose soak peaks were 373–378 MB
 * for 1,000 keys and 386 MB for 4,000 against 363 and 376 MB (bench/squawk.mjs, bench/soak.mjs,
 * 2026-12-03 14:06–14:39). The young generation keeps V8's default: capped at 2 MB
 * (`--max-semi-space-size=2`) it saved 12–17 MB in the soak (bench/soak.mjs: 416–421 against
 * 433 MB) but made the 10,000-line open over stdio 242–259 ms instead of 158 ms
 * (bench/squawk.mjs, quiet runs 2026-12-03 06:08–06:12): its allocations were promoted early.
 * It starts at its largest, though (`--min-semi-space-size=16`: V8 starts it at 1 MB, v8.getHeapSpaceStatistics() says, and
 * grows it up to 16 MB on 64-bit systems, https://nodejs.org/docs/latest-v20.x/api/cli.html#--max-semi-space-sizesize-in-megabytes):
 * a fresh server grew it only as scavenges of mostly surviving parses (the parse cache keeps
 * them) paid for it. In one process, the 41 opens and edits of a 200-line migration that follow
 * the first spent 230–450 ms in collections, 150–200 ms with it. Over stdio, fresh servers side by
 * side (eight pairs, load average 5–7, 2026-12-03 15:42): the 200-line open's median 19.9 against
 * 22.2 ms, lower in six pairs of eight. It costs resident memory once the semi-spaces fill:
 * bench/memory.mjs (2026-12-03 17:01) gave 16 MB more after the first lint of a 150-migration
 * project and a 23 MB higher peak (284 against 261 MB), within the 400 MB budget.
 */
export const SERVER_NODE_FLAGS = ['--heap-growing-percent=50', '--min-semi-space-size=16'];

/** Diagnostic sources: lint findings (rules, layout, the lock trace), apply errors and notes of the preview, proof findings. */
export const SOURCES = {
  lint: 'migration-lens',
  preview: 'migration-lens-preview',
  proofs: 'migration-lens-proofs',
} as const;

/** VS Code commands the server names in code actions and the client registers. */
export const COMMANDS = {
  showRuleDocs: 'migrationLens.showRuleDocs',
  dismissProofFinding: 'migrationLens.dismissProofFinding',
  /** Adds a folder to `sets` in `.migration-lens.json` (the button of the candidate folders' notification). */
  useCandidateFolder: 'migrationLens.useCandidateFolder',
  /** A quick fix on a committed migration: the server writes the next migration with the fix (ForwardFixParams). */
  createForwardFix: 'migrationLens.createForwardFix',
} as const;

/** Custom requests (client → server) and notifications. */
export const METHODS = {
  /** Request: a rule's (or proof's) documentation as markdown. */
  ruleDocs: 'migrationLens/ruleDocs',
  /** Notification, client → server: the user trusted the workspace (the lock trace may run). */
  trusted: 'migrationLens/trusted',
  /** Request: the detected migration sets with their last preview outcome. */
  sets: 'migrationLens/sets',
  /** Request: preview every set (queued, never overlapping); progress through `$/progress`. */
  preview: 'migrationLens/preview',
  /** Request: run a proof on every set it applies to; findings are published as diagnostics. */
  prove: 'migrationLens/prove',
  /** Request: the schema before and after one migration file. */
  schemaChange: 'migrationLens/schemaChange',
  /** Request: drop every proof finding ("Clear Proof Results"); answers how many were dropped. */
  clearProofResults: 'migrationLens/clearProofResults',
  /** Request: drop a proof finding at once after an ignore comment was written for it. */
  dismissProofFinding: 'migrationLens/dismissProofFinding',
  /** Notification, server → client: the sets or their preview outcomes changed (views refresh). */
  setsChanged: 'migrationLens/setsChanged',
  /** Requests of "New Migration": which set, the names a description gives, creating the files. */
  newMigrationChoose: 'migrationLens/newMigration/choose',
  newMigrationPlan: 'migrationLens/newMigration/plan',
  newMigrationCreate: 'migrationLens/newMigration/create',
  /** Notification, server → client: a workspace folder has no migration set, but folders that look like migrations. */
  candidateFolders: 'migrationLens/candidateFolders',
  /** Request: add one of them to `sets` in the folder's `.migration-lens.json` (the only write, on the user's command). */
  useCandidateFolder: 'migrationLens/useCandidateFolder',
  /** Request: create the forward-fix migration a quick fix on a committed migration offers (ForwardFixParams → NewMigrationCreateResult). */
  forwardFix: 'migrationLens/forwardFix',
} as const;

export interface CandidateFoldersParams {
  folderUri: string;
  candidates: CandidateFolder[];
}

export interface UseCandidateFolderParams {
  folderUri: string;
  /** The candidate's folder, relative to the workspace folder. */
  relDir: string;
}

/** `changed: false`: the folder was already in a set. A refusal (unparsable file…) says why; nothing was written then. */
export type UseCandidateFolderResult = { ok: true; configUri: string; changed: boolean } | { ok: false; message: string };

export interface RuleDocsParams {
  ruleId: string;
}

/**
 * Every request that runs SQL names the files with unsaved edits: their editor text is used,
 * every other file is read from the disk (an open, saved document can lag behind the disk
 * for a moment after a change outside the editor, such as a git checkout).
 */
export interface RunParams {
  /** Paths of documents with unsaved changes. */
  dirty: string[];
  /** `$/progress` token the client created (work done progress). */
  workDoneToken?: string | number;
}

/** A detected migration set and what its last preview gave. */
export interface SetInfo {
  /** The workspace folder the set was detected in. */
  folderUri: string;
  set: MigrationSet;
  /** `preview.autoRefresh` in the set's configuration. */
  autoRefresh: boolean;
  result?: PreviewResult;
  /** The DDL of each object of `result.schema`, index for index (tooltips, "Copy DDL"). */
  ddl?: SchemaDdl;
  /** Why the last preview could not run (unreadable file, worker crash). */
  failure?: string;
}

export interface SetsParams {
  /** Detect again before answering (files may have appeared that no watcher reported yet). */
  fresh?: boolean;
}

export interface SetsResult {
  sets: SetInfo[];
  /** Preview sessions (each a worker thread with its PGlite) running in the server. */
  sessions: number;
  /** The preview request was cancelled: where it stopped, for the user ("Preview cancelled (db: 87/163 files applied). …"). */
  cancelled?: string;
}

export type CommandProof = Exclude<ProofKind, 'trace'>;

export interface ProveParams extends RunParams {
  kind: CommandProof;
  /**
   * Idempotency: the files the user picked (absolute paths). Without them the proof covers only
   * what the runner applies again (an init-sorted set, `"idempotent": true`, repeatable files, a
   * "Safe to re-run" header).
   */
  files?: string[];
}

/** One set's proof: its result (findings without the suppressed ones), or why it could not run. */
export interface ProofRunInfo {
  root: string;
  kind: CommandProof;
  /** Files (idempotency), down files (round trip) or snapshots (drift) the proof covered. */
  covered: number;
  result?: ProofResult;
  failure?: string;
}

export interface ProveResult {
  runs: ProofRunInfo[];
  sessions: number;
}

export interface SchemaChangeParams extends RunParams {
  file: string;
}

export interface SchemaChangeResult {
  root: string;
  before: SchemaModel;
  after: SchemaModel;
  /** `before` and `after` as SQL, as `schema --format sql` prints them (the diff view). */
  beforeSql: string;
  afterSql: string;
  /** The file's own apply error, when it fails. */
  error?: PreviewResult['error'];
}

export interface DismissProofFindingParams {
  /** Absolute path of the file. */
  path: string;
  ruleId: string;
  /** UTF-16 offset where the finding starts; every finding of the rule in the file when absent. */
  at?: number;
}

/** Which set a new migration goes into: `target` is a set root or any folder (absolute). */
export interface NewMigrationChooseParams {
  folderUri: string;
  target?: string;
  /** Without migrations yet: the convention the user picked (the set is its default folder). */
  convention?: ConventionId;
  /** `target` does not exist and the user agreed to create it (a new set there). */
  create?: boolean;
}

export type NewMigrationChooseResult =
  /** `missingFolder`: `target` (relative to the workspace folder) does not exist; ask, then choose again with `create`. */
  | { error: string; missingFolder?: string }
  | {
      /** The set to use, or the candidates to ask about (empty: no migrations yet). */
      set?: MigrationSet;
      choices?: MigrationSet[];
      /** Whether the workspace has a header template (then "dangerous?" is asked). */
      header: boolean;
      /** Problems of `.migration-lens.json` to show (the command goes on). */
      warnings: string[];
      /** Where each convention keeps its first migration. */
      defaultFolders: Record<ConventionId, string>;
    };

export interface NewMigrationPlanParams {
  set: MigrationSet;
  description: string;
}

/** What the input box says: a problem with the description, or the files it creates. */
export type NewMigrationPlanResult = { problem: string } | { files: string[] };

export interface NewMigrationCreateParams {
  folderUri: string;
  set: MigrationSet;
  description: string;
  dangerous: boolean;
}

export type NewMigrationCreateResult = { error: string } | { created: CreatedMigration };

/** The argument of `migrationLens.createForwardFix`, as the server put it in the code action. */
export interface ForwardFixParams {
  /** The committed migration the finding is on. */
  uri: string;
  /** The new migration's description (its name and title). */
  description: string;
  /** SQL (or commented guidance) to put in the new migration's up part. */
  body: string;
}

/** The live database's requests and notification (client ↔ server). */
export const LIVE_METHODS = {
  /**
   * Request { folderUri, url } → LiveStatus: connect (read-only) and read the status and the drift
   * (each set's `drift`: the live schema against the preview's schema as of the last applied
   * migration). The server reads again by itself after a preview ran or the sets changed.
   */
  connect: 'migrationLens/live/connect',
  /** Request { folderUri, probes? } → LiveStatus: read again. */
  status: 'migrationLens/live/status',
  /** Request { folderUri } → LiveStatus: forget the URL. */
  disconnect: 'migrationLens/live/disconnect',
  /** Request { folderUri, path } → string | null: the pre-flight checklist of a pending migration. */
  checklist: 'migrationLens/live/checklist',
  /** Notification, server → client: a folder's live status changed. */
  changed: 'migrationLens/live/changed',
} as const;

/** What the client shows of the live database: the status of each set, without the files' text. */
export interface LiveStatus {
  folderUri: string;
  connected: boolean;
  database?: string;
  /** Why there is no status (connection refused, bad password, untrusted workspace…). */
  error?: string;
  sets: Omit<LiveSetReport, 'pending'>[];
  /** Pending migrations of every set. */
  pending: number;
  /** Pending migrations whose probes predict a failure. */
  failing: number;
  /** ISO time of the reading. */
  at?: string;
}
