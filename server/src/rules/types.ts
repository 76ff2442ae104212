import type { ParsedFile, Statement, StatementKind, StatementOf } from '../parse/parser';
import type { ResolvedConfig } from '../config-model';
import type { ConventionId, TransactionMode } from '../layout/conventions';
import type { MigrationSet } from '../layout/types';
import type { GitView } from '../layout/git';
import type { PriorFile } from '../navigation/model';

export type { Category, Severity, SeverityOrOff } from '../vocabulary';
import type { Category, Severity } from '../vocabulary';

/** PostgreSQL's table lock modes, weakest first. */
export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

interface RuleDocs {
  /** One line: what is wrong, shown in CLI output and as the diagnostic's default message. */
  summary: string;
  /** Markdown: why it matters. */
  why: string;
  /** Markdown: what to write instead. */
  instead: string;
  /** The strongest table lock the bad example takes on an existing table, when it takes one. */
  lock?: LockMode;
  /** SQL that creates the pre-existing objects the examples touch (e.g. a populated `users` table). */
  setup?: string;
  /** SQL that fires the rule. */
  bad: string;
  /** SQL that does the same job and does not fire it. */
  good: string;
}

/** A text replacement in UTF-16 offsets of the file. */
export interface Edit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
}

/** What a rule's check returns; the engine adds rule id, severity and suppression handling. */
/** A place that explains a finding (an earlier statement, maybe in an earlier migration), shown as related information. */
export interface RelatedLocation {
  message: string;
  /** Absolute path of another file; absent: the file the finding is in. */
  path?: string;
  /** 0-based lines and UTF-16 characters in that file. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface Report {
  /**
   * The AST node the finding is about (an ALTER TABLE subcommand or its definition, a column
   * definition, a constraint…): the engine underlines it (rules/ranges.ts), in preference to
   * start/end. Without node and range, the finding is about the whole statement and the engine
   * underlines the statement's head. In checkFile rules, start names the statement holding node.
   */
  node?: object;
  /** Range in UTF-16 file offsets; a range that is a whole statement is shown as its head. */
  start?: number;
  end?: number;
  /** Defaults to the rule's summary. */
  message?: string;
  fixes?: Fix[];
  /** Earlier statements that explain the finding. */
  related?: RelatedLocation[];
}

/** One option a rule reads (`rules.<id>.options.<key>`): validated by config.ts and listed in the JSON schema. */
export type RuleOption = { description: string } & (
  | { type: 'integer'; minimum?: number; maximum?: number; default?: number }
  /** A PostgreSQL duration (`5s`, `500ms`, `2min`) or a number of milliseconds. */
  | { type: 'duration'; default?: string }
  | { type: 'string'; default?: string }
);

export interface Rule<K extends StatementKind = StatementKind> {
  id: string;
  category: Category;
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** squawk rule names whose `-- squawk-ignore` comments also silence this rule. */
  squawk?: string[];
  /** The options the rule reads; a rule without them takes none. */
  options?: Record<string, RuleOption>;
  /**
   * Its findings make a migration dangerous: data loss, rewrites of many rows, or constraints
   * tightened on existing data that may fail. The team's header declares such a migration
   * (`Type: Dangerous migration`, header-data-risk, dangerous-migration-undeclared), and a reviewed
   * one turns these findings into information (header/dangerous.ts).
   */
  destructive?: boolean;
  /**
   * Found by running the migrations on PGlite, not by a check of the text: `apply` (the preview
   * and `migration-lens check` applying the set), `proof` (the proofs and the lock trace). Such a
   * rule has no check here; the registry holds its id, docs, severity and category, so that the
   * configuration, suppression comments, SARIF and the docs treat it like any rule.
   */
  runTime?: 'apply' | 'proof';
  /** Called for each statement that runs at migration time (top level and DO blocks). */
  checkStatement?(stmt: StatementOf<K>, ctx: RuleContext): Report | Report[] | undefined;
  /**
   * The statement node kinds checkStatement inspects (e.g. `['AlterTableStmt']`): the engine
   * indexes a file's statements by kind once and offers the rule only those. Without it, the
   * rule is offered every statement, and checkStatement receives the statement typed by them.
   */
  statementKinds?: readonly K[];
  /** Called once per file, for rules that look across statements. */
  checkFile?(ctx: RuleContext): Report[];
  /** Called after every statement and file check, with their findings: rules that judge claims (headers). */
  checkFindings?(ctx: RuleContext, findings: readonly FindingLike[]): Report[];
  /** Called once per migration set (layout rules); docs examples of such rules are file listings. */
  checkSet?(set: MigrationSet, ctx: SetRuleContext): SetReport[];
}

/** A set-level finding: the file it belongs to, and optionally a range in that file's text. */
export interface SetReport extends Report {
  /** Absolute path of the file the finding is shown on. */
  path: string;
}

export interface SetRuleContext {
  /** Options for this rule from the configuration. */
  options: Record<string, unknown>;
  /** Text of a file (cached; undefined when it cannot be read). */
  readText(path: string): string | undefined;
  /** Parsed SQL of a file (cached; undefined when it cannot be read). */
  parse(path: string): ParsedFile | undefined;
  /** What git knows about the set's files; undefined without git or outside a repository. */
  git(): GitView | undefined;
}

export type ObjectKind =
  | 'table'
  | 'index'
  | 'schema'
  | 'sequence'
  | 'view'
  | 'matview'
  | 'type'
  | 'function'
  | 'trigger'
  | 'policy'
  | 'extension'
  | 'column'
  | 'constraint';

/** The parts of an engine finding that checkFindings rules read. */
interface FindingLike {
  ruleId: string;
  category: Category;
  start: number;
  end: number;
}

/** Whether findings of a rule id make a migration dangerous (the rule's `destructive` metadata). */
export type IsDestructive = (ruleId: string) => boolean;

export interface RuleContext {
  file: ParsedFile;
  /** The resolved configuration (header template, options of other features). */
  config: ResolvedConfig;
  /** Workspace-relative or absolute path, when the text comes from a file. */
  path?: string;
  convention: ConventionId;
  /** PostgreSQL major version targeted (behaviour changed across versions). */
  pgVersion: number;
  /** The set expects every file to be re-runnable (init-sorted, or a header claiming "Safe to re-run"). */
  idempotencyExpected: boolean;
  /** How the runner wraps this file before any explicit BEGIN/COMMIT (convention default or config override). */
  transactionMode: TransactionMode;
  /** Whether the statement runs inside a transaction block (convention default plus explicit BEGIN/COMMIT). */
  inTransaction(stmt: Statement): boolean;
  /** An object of that kind and name was created by an earlier statement of this file. */
  createdEarlierInFile(kind: ObjectKind, name: string, before: Statement): boolean;
  /** In a down file: the object is created by its up twin, so removing it is the rollback (false elsewhere). */
  createdByUpTwin(kind: ObjectKind, name: string): boolean;
  /** The migrations of the set applied before this file, with their schema events (none without set context). */
  priorFiles(): readonly PriorFile[];
  /** Every up file of the set with its events and this file's index among them; undefined for a down file or without set context. */
  setFiles(): { files: readonly PriorFile[]; index: number } | undefined;
  /** The set's runner never applies this file (an orphan: missing from the Drizzle journal, …). */
  unapplied: boolean;
  /** An object was created by an earlier migration of the set (needs set context; false when unknown). */
  createdInEarlierFile(kind: ObjectKind, name: string): boolean;
  /** Options for this rule from the configuration. */
  options: Record<string, unknown>;
  /** Whether findings of a rule id make a migration dangerous (from the registry's `destructive` metadata). */
  isDestructive: IsDestructive;
  /**
   * Whether a finding of that rule on `stmt` would be shown: the rule runs in this lint (its
   * severity is not off) and no suppression comment silences it there. A rule that leaves a finding
   * to another asks, so that nothing is lost when the other is off or silenced.
   */
  reports(ruleId: string, stmt: Statement): boolean;
  /** Text of a statement, convenient for fixes. */
  textOf(stmt: Statement): string;
  /** File offset (UTF-16) of an AST `location` inside a statement. */
  offsetOf(stmt: Statement, location: number): number;
}

/**
 * Rules are plain objects; this only gives them a type at the definition site, where
 * `statementKinds` narrows the statement checkStatement receives.
 */
export function defineRule<K extends StatementKind = StatementKind>(rule: Rule<K>): Rule {
  return rule;
}
