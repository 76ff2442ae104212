/**
 * The lint engine: text → parse → rules → suppressions → findings. Pure and synchronous
 * (after initParser), shared by the language server and the CLI. A rule that throws is isolated
 * here, for both: it becomes one failure for that rule and file, and the other rules still run.
 */
import { parseSql, type ParsedFile, type Statement } from './parse/parser';
import { statementAt, topRange } from './parse/statements';
import { defaultConfig, type ResolvedConfig } from './config';
import { CONVENTIONS, conventionOfPath, fileTransactionMode, type ConventionId, type TransactionMode } from './layout/conventions';
import { sectionsOf, sectionText } from './layout/conventions/sections';
import { roleOf, underscoreDownTwin } from './layout/names';
import type { FileSection } from './layout/conventions';
import { CreationIndex, createdObjects, objectKey } from './rules/objects';
import { SuppressionIndex } from './rules/suppressions';
import { ALL_RULES, RULES_BY_ID, isDestructive } from './rules/index';
import { unusedIgnoreReports } from './rules/unused-ignore';
import { headRange, nodeRange } from './rules/ranges';
import { hasOwnRange } from './rules/fixes';
import { capOption } from './rules/too-many-findings';
import { applyDangerousReview } from './header/dangerous';
import type { Category, Fix, RelatedLocation, Report, Rule, RuleContext, Severity, SeverityOrOff } from './rules/types';
import { fileEvents } from './navigation/events';
import type { PriorFile } from './navigation/model';

export interface SetContext {
  /** The set's convention when layout detection has run. */
  convention?: ConventionId;
  /** `kind:name` keys of objects created by earlier migrations of the set (see objectKey), gathered on first call. */
  priorObjects?: () => ReadonlySet<string>;
  /** The earlier migrations of the set in apply order, with their schema events, gathered on first call. */
  priorFiles?: () => readonly PriorFile[];
  /** Every up file of the set with its events, and this file's index among them (an up file only), gathered on first call. */
  setFiles?: () => { files: readonly PriorFile[]; index: number };
  /** For a down file: `kind:name` keys of what its up twin creates. */
  upTwinObjects?: Set<string>;
  /** The runner re-applies this file (Flyway `R__`, graphile-migrate `current.sql`): it must be idempotent. */
  repeatable?: boolean;
  /** The runner never applies this file (missing from the Drizzle journal, not in sqitch.plan, …). */
  unapplied?: boolean;
}

export interface LintOptions {
  /** Path of the file, used for convention detection and messages. */
  path?: string;
  config?: ResolvedConfig;
  set?: SetContext;
  /** Rules to run; defaults to every registered rule. */
  rules?: Rule[];
  /** Set internally when linting one section of a file that holds its up and down migrations (goose, dbmate). */
  section?: 'up' | 'down';
  /** Told of every throw of a rule (each is also in `failures`, once per rule). */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /** Parses the text (defaults to parseSql): the CLI passes its set contexts' parse, so a file the schema rules already parsed is not parsed again. */
  parse?: (text: string) => ParsedFile;
}

/** A rule that threw: its findings for the file are lost, the other rules' are kept. */
export interface RuleFailure {
  ruleId: string;
  message: string;
  /** UTF-16 range of the statement being checked at its first throw (0..0 for file-level checks). */
  start: number;
  end: number;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  /** UTF-16 offsets in the text. */
  start: number;
  end: number;
  fixes: Fix[];
  /** Range of the top-level statement the finding belongs to (for "ignore for this statement"). */
  statement?: { start: number; end: number };
  /** The whole statement, when the finding is about all of it and its range shows only the head (related information). */
  fullStatement?: { start: number; end: number };
  /** Earlier statements that explain the finding (related information). */
  related?: RelatedLocation[];
}

interface LintResult {
  findings: Finding[];
  /** Rules that threw, once per rule. */
  failures: RuleFailure[];
  /** Absent when the file was not parsed (binary or too large). */
  file?: ParsedFile;
  convention: ConventionId;
}

/** The file is a rollback: `x.down.sql`, `x_down.sql`, or the down twin of an up file of its set. */
function isDownFile(opts: LintOptions): boolean {
  if (opts.set?.upTwinObjects) return true;
  const name = (opts.path ?? '').split(/[\\/]/).pop() ?? '';
  const { role, stem } = roleOf(name);
  return role === 'down' || (/\.sql$/i.test(name) && underscoreDownTwin(stem) !== undefined);
}

export function lintText(text: string, opts: LintOptions = {}): LintResult {
  const config = opts.config ?? defaultConfig();
  const convention = pickConvention(config, opts);
  const unlintable = whyUnlintable(text, config.maxFileSize);
  if (unlintable) return { findings: [engineFinding('unlintable-file', unlintable, 0, 0)], failures: [], convention };
  const sections = opts.section ? undefined : sectionsOf(convention, text);
  if (sections) return lintSections(text, sections, opts, convention);

  const file = (opts.parse ?? parseSql)(text);
  const idempotencyExpected = config.idempotent === 'auto' ? CONVENTIONS[convention].idempotent || !!opts.set?.repeatable || claimsRerunSafe(file) : config.idempotent;
  const rules = opts.rules ?? ALL_RULES;
  const active = rules
    .map((rule) => ({ rule, severity: severityFor(rule, config, idempotencyExpected) }))
    .filter((a): a is { rule: Rule; severity: Severity } => a.severity !== 'off');
  const activeIds = new Set(active.map((a) => a.rule.id));
  const suppressions = new SuppressionIndex(file);
  const reports = (ruleId: string, stmt: Statement) => activeIds.has(ruleId) && !suppressions.wouldSilence(RULES_BY_ID.get(ruleId) ?? ruleId, stmt);
  const base = makeContext(file, opts, config, convention, idempotencyExpected, reports);

  const raw: RawFinding[] = [];
  const failures: RuleFailure[] = [];
  const fail = (rule: Rule, error: unknown, stmt?: Statement): undefined => {
    opts.onRuleError?.(rule.id, error);
    if (!failures.some((f) => f.ruleId === rule.id)) failures.push({ ruleId: rule.id, message: String((error as Error)?.message ?? error), start: stmt?.start ?? 0, end: stmt?.end ?? 0 });
    return undefined;
  };
  // One context for all rules, only `options` changes: copying it per rule cost a tenth of a CLI run.
  const shared: RuleContext = { ...base, options: {} };
  const contextFor = (rule: Rule): RuleContext => {
    shared.options = config.rules[rule.id]?.options ?? {};
    return shared;
  };
  const collect = (rule: Rule, severity: Severity, into: RawFinding[]) => (r: Report | Report[] | undefined, stmt?: Statement) => {
    // Most checks of most statements report nothing: no array is made for them.
    if (r === undefined) return;
    for (const rep of Array.isArray(r) ? r : [r]) {
      const owner = stmt ?? statementAt(file, rep.start ?? 0);
      const place = placeReport(shared, rep, owner, stmt !== undefined);
      into.push({ rule, stmt: owner, finding: { ruleId: rule.id, category: rule.category, severity, message: rep.message ?? rule.docs.summary, ...place, fixes: rep.fixes ?? [], statement: topRange(owner), ...(rep.related?.length ? { related: rep.related } : {}) } });
    }
  };
  // Statements by node kind, built once: a rule that declares its kinds sees only those.
  let byKind: Map<string, Statement[]> | undefined;
  const statementsFor = (rule: Rule): readonly Statement[] => {
    if (!rule.statementKinds) return file.executed;
    if (!byKind) {
      byKind = new Map();
      for (const stmt of file.executed) {
        const list = byKind.get(stmt.kind);
        if (list) list.push(stmt);
        else byKind.set(stmt.kind, [stmt]);
      }
    }
    if (rule.statementKinds.length === 1) return byKind.get(rule.statementKinds[0]) ?? [];
    // Several kinds: back in execution order, as the rule would have seen them.
    const wanted = new Set(rule.statementKinds);
    return file.executed.filter((s) => wanted.has(s.kind));
  };
  for (const { rule, severity } of active) {
    const ctx = contextFor(rule);
    const push = collect(rule, severity, raw);
    if (rule.checkStatement) {
      for (const stmt of statementsFor(rule)) {
        // A DO-block statement under IF or an exception handler is already guarded against re-runs.
        if (rule.category === 'idempotency' && stmt.scope !== 'top' && stmt.guarded) continue;
        let reports: Report | Report[] | undefined;
        try {
          reports = rule.checkStatement(stmt, ctx);
        } catch (e) {
          fail(rule, e, stmt);
          continue;
        }
        push(reports, stmt);
      }
    }
    if (rule.checkFile) {
      let reports: Report | Report[] | undefined;
      try {
        reports = rule.checkFile(ctx);
      } catch (e) {
        reports = fail(rule, e);
      }
      push(reports);
    }
  }

  const syntax = RULES_BY_ID.get('syntax-error')!;
  const syntaxSeverity = severityFor(syntax, config, idempotencyExpected);
  if (syntaxSeverity !== 'off') {
    for (const e of file.syntaxErrors) {
      const stmt = statementAt(file, e.start);
      raw.push({ rule: syntax, stmt, finding: { ...engineFinding('syntax-error', e.message, e.start, e.end), severity: syntaxSeverity, statement: topRange(stmt) } });
    }
  }
  for (const u of file.unparsed) raw.push({ rule: RULES_BY_ID.get('unlintable-file')!, stmt: undefined, finding: engineFinding('unlintable-file', u.message, u.start, u.end) });
  // A down file holding only a comment ("-- nothing to undo") is a rollback that is empty on purpose.
  if (file.statements.length === 0 && file.syntaxErrors.length === 0 && file.unparsed.length === 0 && !(file.comments.length > 0 && isDownFile(opts))) {
    const empty = RULES_BY_ID.get('empty-migration')!;
    const sev = severityFor(empty, config, idempotencyExpected);
    if (sev !== 'off') raw.push({ rule: empty, finding: { ...engineFinding('empty-migration', empty.docs.summary, 0, 0), severity: sev } });
  }

  const kept = raw.filter((r) => !suppressions.silences(r.rule, r.stmt)).map((r) => r.finding);
  // Rules that judge the file's claims (a header saying "Safe to re-run") see the findings that survived suppression.
  const judged: RawFinding[] = [];
  for (const { rule, severity } of active) {
    if (!rule.checkFindings) continue;
    let reports: Report | Report[] | undefined;
    try {
      reports = rule.checkFindings(contextFor(rule), kept);
    } catch (e) {
      reports = fail(rule, e);
    }
    collect(rule, severity, judged)(reports);
  }
  const findings = [...kept, ...judged.filter((r) => !suppressions.silences(r.rule, r.stmt)).map((r) => r.finding)];
  applyDangerousReview(file, config, findings, isDestructive);
  const unused = RULES_BY_ID.get('unused-ignore')!;
  const unusedSeverity = severityFor(unused, config, idempotencyExpected);
  if (unusedSeverity !== 'off') {
    for (const rep of unusedIgnoreReports(file, suppressions, rules, ALL_RULES)) {
      findings.push({ ruleId: unused.id, category: unused.category, severity: unusedSeverity, message: rep.message ?? unused.docs.summary, start: rep.start ?? 0, end: rep.end ?? 0, fixes: rep.fixes ?? [] });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings: capFindings(findings, config, idempotencyExpected), failures, file, convention };
}

/**
 * At most `perRule` findings of each rule and `perFile` in all (the options of too-many-findings),
 * the earliest in the file kept, and one too-many-findings finding counting the rest. The one
 * place the cap is applied: the editor and the CLI both lint through lintText.
 */
function capFindings(findings: Finding[], config: ResolvedConfig, idempotencyExpected: boolean): Finding[] {
  const options = config.rules['too-many-findings']?.options ?? {};
  const perRule = capOption(options, 'perRule');
  const perFile = capOption(options, 'perFile');
  if (findings.length <= Math.min(perRule, perFile)) return findings;
  const byRule = new Map<string, number>();
  const dropped = new Map<string, number>();
  const kept: Finding[] = [];
  let firstDropped: Finding | undefined;
  for (const f of findings) {
    const n = (byRule.get(f.ruleId) ?? 0) + 1;
    byRule.set(f.ruleId, n);
    if (n <= perRule && kept.length < perFile) kept.push(f);
    else {
      dropped.set(f.ruleId, (dropped.get(f.ruleId) ?? 0) + 1);
      firstDropped ??= f;
    }
  }
  if (!firstDropped) return findings;
  const rule = RULES_BY_ID.get('too-many-findings')!;
  const severity = severityFor(rule, config, idempotencyExpected);
  if (severity !== 'off') {
    const total = [...dropped.values()].reduce((a, b) => a + b, 0);
    const list = [...dropped.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([id, n]) => `${n} ${id}`).join(', ');
    const more = dropped.size > 5 ? ', …' : '';
    const message = `${total} more ${total === 1 ? 'finding in this file is' : 'findings in this file are'} not shown (${list}${more}): at most ${perRule} of each rule and ${perFile} in all are listed (the options of too-many-findings).`;
    const summary = { ...engineFinding(rule.id, message, firstDropped.start, firstDropped.end), severity };
    const at = kept.findIndex((f) => f.start > summary.start || (f.start === summary.start && f.end > summary.end));
    kept.splice(at < 0 ? kept.length : at, 0, summary);
  }
  return kept;
}

/**
 * A file holding an up and a down section is two migrations: each section is linted on its own
 * (the other blanked out, so offsets stay the file's), the down one as the rollback of the up one.
 */
function lintSections(text: string, sections: FileSection[], opts: LintOptions, convention: ConventionId): LintResult {
  const up = lintText(sectionText(text, sections, 'up'), { ...opts, section: 'up' });
  const findings = [...up.findings];
  const failures = [...up.failures];
  if (sections.some((s) => s.role === 'down')) {
    const upKeys = new Set<string>();
    for (const stmt of up.file?.executed ?? []) for (const o of createdObjects(stmt)) upKeys.add(objectKey(o.kind, o.name));
    const prior = opts.set?.priorObjects;
    const priorFiles = opts.set?.priorFiles;
    // The down section runs after the up section: the schema rules see the up section as the migration before it.
    const upFile: PriorFile = { text: up.file?.text ?? '', events: up.file ? fileEvents(up.file) : { events: [], statements: [], opaque: true } };
    const set: SetContext = { ...opts.set, convention, upTwinObjects: upKeys, priorObjects: () => new Set([...(prior?.() ?? []), ...upKeys]), priorFiles: () => [...(priorFiles?.() ?? []), upFile], setFiles: undefined };
    const down = lintText(sectionText(text, sections, 'down'), { ...opts, section: 'down', set });
    findings.push(...down.findings);
    for (const f of down.failures) if (!failures.some((x) => x.ruleId === f.ruleId)) failures.push(f);
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings, failures, file: parseSql(text), convention };
}

/**
 * The range a report is shown at: its node's (rules/ranges.ts), else its own range, else the
 * statement's. A finding about a whole statement underlines the statement's head and keeps the
 * full statement as related information, so findings on a multi-line statement do not cover it all.
 */
function placeReport(ctx: RuleContext, rep: Report, owner: Statement | undefined, checked: boolean): Pick<Finding, 'start' | 'end' | 'fullStatement'> {
  const placed = owner && rep.node !== undefined ? nodeRange(ctx, owner, rep.node) : undefined;
  if (placed) return placed;
  if (rep.start !== undefined) {
    const start = rep.start;
    const end = rep.end ?? start;
    if (!owner || start !== owner.start || end !== owner.end) return { start, end };
  }
  if (!owner || (!checked && rep.start === undefined)) return { start: 0, end: 0 };
  const own = hasOwnRange(owner) || !owner.parent ? owner : owner.parent;
  const head = headRange(ctx, own);
  return head.start === own.start && head.end === own.end ? head : { ...head, fullStatement: { start: own.start, end: own.end } };
}

interface RawFinding {
  finding: Finding;
  stmt?: Statement;
  rule: Rule;
}

function pickConvention(config: ResolvedConfig, opts: LintOptions): ConventionId {
  if (config.convention !== 'auto') return config.convention;
  return opts.set?.convention ?? conventionOfPath(opts.path ?? '');
}

/** A clear reason not to parse, or undefined. */
function whyUnlintable(text: string, maxBytes: number): string | undefined {
  if (text.includes('\u0000')) return 'Binary file (it contains NUL bytes): not linted.';
  // A UTF-16 unit is at most 3 UTF-8 bytes: most files are not counted at all.
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    return `File too large to lint: ${formatBytes(bytes)} is over the ${formatBytes(maxBytes)} limit ("maxFileSize" in .migration-lens.json).`;
  }
  return undefined;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function engineFinding(ruleId: string, message: string, start: number, end: number): Finding {
  const rule = RULES_BY_ID.get(ruleId)!;
  return { ruleId, category: rule.category, severity: rule.defaultSeverity, message, start, end, fixes: [] };
}

/** Severity after configuration: rule setting, then category setting, then the rule's default. */
export function severityFor(rule: Rule, config: ResolvedConfig, idempotencyExpected: boolean): SeverityOrOff {
  const explicit = config.rules[rule.id]?.severity;
  if (explicit) return explicit;
  const byCategory = config.categories[rule.category];
  if (byCategory) return byCategory;
  // Re-runs matter only where the runner re-applies files (the convention's `idempotent`, a
  // repeatable file, a "Safe to re-run" header); elsewhere the tool never applies a file twice, so
  // the findings are noise and stay off unless a rule or category setting asks for them.
  if (rule.category === 'idempotency' && !idempotencyExpected) return 'off';
  return rule.defaultSeverity;
}

/** A header line such as `-- Safe to re-run: uses IF NOT EXISTS guards` (the team's header field). */
export function claimsRerunSafe(file: ParsedFile): boolean {
  const firstStart = file.statements[0]?.start ?? file.text.length;
  for (const c of file.comments) {
    if (c.start >= firstStart) break;
    const m = /safe to re-?run\b\s*:?\s*(.*)/i.exec(c.body);
    if (m && !/^(no|false|not|never)\b/i.test(m[1])) return true;
  }
  return false;
}

function makeContext(
  file: ParsedFile,
  opts: LintOptions,
  config: ResolvedConfig,
  convention: ConventionId,
  idempotencyExpected: boolean,
  reports: RuleContext['reports'],
): Omit<RuleContext, 'options'> {
  const mode: TransactionMode = config.transaction !== 'auto' ? config.transaction : fileTransactionMode(convention, file.text, opts.path);
  const inTx = transactionStates(file, mode);
  const creations = new CreationIndex(file.executed);
  const prior = opts.set?.priorObjects;
  return {
    file,
    config,
    path: opts.path,
    convention,
    pgVersion: config.postgresVersion,
    idempotencyExpected,
    transactionMode: mode,
    inTransaction: (stmt) => inTx[(stmt.parent ?? stmt).executedAt] ?? mode !== 'none',
    createdEarlierInFile: (kind, name, before) => creations.createdBefore(kind, name, before.parent ?? before),
    priorFiles: () => opts.set?.priorFiles?.() ?? [],
    setFiles: () => opts.set?.setFiles?.(),
    unapplied: opts.set?.unapplied === true,
    createdInEarlierFile: (kind, name) => prior?.().has(objectKey(kind, name)) ?? false,
    createdByUpTwin: (kind, name) => opts.set?.upTwinObjects?.has(objectKey(kind, name)) ?? false,
    isDestructive,
    reports,
    textOf: (stmt) => file.text.slice(stmt.start, stmt.end),
    offsetOf: (stmt, location) => file.bytes.toUtf16(stmt.locBase + location),
  };
}

/** Whether each top-level statement runs inside a transaction block, by its index in `executed` (Statement.executedAt). */
function transactionStates(file: ParsedFile, mode: TransactionMode): boolean[] {
  const states: boolean[] = new Array(file.executed.length);
  if (mode === 'script') {
    // One query string: several statements are one implicit transaction block, and after a COMMIT
    // the next statement opens another (postgres.c exec_simple_query); a lone statement autocommits.
    const multi = file.statements.length > 1;
    for (const stmt of file.statements) states[stmt.executedAt] = multi;
    return states;
  }
  let open = mode !== 'none';
  for (const stmt of file.statements) {
    if (stmt.kind === 'TransactionStmt') {
      const k = stmt.node.kind as string;
      if (k === 'TRANS_STMT_BEGIN' || k === 'TRANS_STMT_START') open = true;
      else if (k === 'TRANS_STMT_COMMIT' || k === 'TRANS_STMT_ROLLBACK') open = false;
    }
    states[stmt.executedAt] = open;
  }
  return states;
}
