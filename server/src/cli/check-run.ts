/** What `migration-lens check` runs (its options and help: check.ts). */
import * as path from 'node:path';
import type { Finding } from '../engine';
import { initParser } from '../parse/parser';
import type { ApplyError, PreviewNote } from '../preview/types';
import { readFromDisk } from '../layout/set-context';
import type { MigrationSet } from '../layout/types';
import { flag, stringOption, UsageError, type Parsed } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io } from './io';
import { layoutOf, lintFile, setMembers } from './lint-files';
import { loadConfigWithOverrides } from './load-config';
import { colorWanted, failed, render, reportOptions } from './output';
import { applyChangedSince, changedSinceOf } from './changed-since';
import { locateFindings } from './location';
import { formatApplyError, formatNote, formatOutcome, previewSet, selectSets, shownPath, shownSet, type SetRun } from './preview';
import { detectSetsOrFolder, workspaceFor } from './workspace-sets';
import { noMigrations } from './empty';
import { TOOL_NAME } from './tool';
import { anyProof, runProofs, type ProofFlags, type ProofOutcome } from './proofs';
import { PreviewSession } from '../preview/host';
import type { FileReport, LintReport } from './report';
import { RULES_BY_ID } from '../rules/index';
import applyError from '../rules/apply-error';
import applyNote from '../rules/apply-note';
import { applyErrorFinding, asFinding, configured, unsuppressed } from '../preview/prove/suppress';
import type { ResolvedConfig } from '../config-model';

const APPLY_ERROR = applyError.id;
/** What the preview did differently from a server (an extension PGlite lacks, an unclosed BEGIN). */
const APPLY_NOTE = applyNote.id;

export async function runCheck(parsed: Parsed, io: Io): Promise<number> {
  const { format, failOn, maxWarnings, quiet } = reportOptions(parsed);
  if (parsed.positionals.length > 1) throw new UsageError('expects at most one folder');
  const loaded = loadConfigWithOverrides(parsed, io);
  if (!loaded) return EXIT_USAGE;
  const { config, root } = loaded;
  const dir = path.resolve(io.cwd, parsed.positionals[0] ?? root);
  const workspace = workspaceFor(root, dir);

  await initParser();
  const layout = layoutOf(detectSetsOrFolder(root, dir, config), config, io);
  const sets = selectSets(layout.sets, dir, stringOption(parsed, 'set'), io);
  if (sets.length === 0) return noMigrations(io, root, dir, config, flag(parsed, 'allow-empty'));
  const report: LintReport = { root: workspace, files: [] };
  let ioFailed = false;
  for (const absPath of filesOf(sets, layout.setFindings)) {
    const file = lintFile(absPath, io, config, layout);
    if (file) report.files.push(file);
    else ioFailed = true;
  }
  // The lint findings only: what the apply and the proofs find is about this run, merged or not.
  const history = applyChangedSince(report, changedSinceOf(parsed, config));
  if (history) {
    io.err(`${TOOL_NAME}: ${history}\n`);
    return EXIT_USAGE;
  }

  const flags: ProofFlags = { idempotent: flag(parsed, 'idempotent'), roundTrip: flag(parsed, 'round-trip'), trace: flag(parsed, 'trace'), drift: flag(parsed, 'drift') };
  const runs: SetRun[] = [];
  const proofs: ProofOutcome[] = [];
  for (const set of sets) {
    const session = new PreviewSession();
    try {
      const run = await previewSet(set, config, workspace, session);
      runs.push(run);
      if ('result' in run && run.result.ok && anyProof(flags)) proofs.push(await runProofs(session, set, config, workspace, flags, report, io));
    } catch (e) {
      proofs.push({ findings: [], text: `✗ ${shownSet(io, set)}: the proofs failed: ${(e as Error).message}\n`, failed: true });
    } finally {
      await session.dispose();
    }
  }
  const applyFailed = runs.some((r) => 'problem' in r || !r.result.ok) || proofs.some((p) => p.failed);
  for (const run of runs) if ('result' in run) addApplyFindings(report, run.result.error, run.result.notes, run.texts, config, io);
  for (const p of proofs) addFindings(report, p.findings, io);
  if (quiet) for (const f of report.files) f.findings = f.findings.filter((x) => x.severity === 'error');

  if (format === 'text') {
    // Apply errors read best the way compilers print them, with PostgreSQL's DETAIL and HINT below.
    const isProof = (id: string) => RULES_BY_ID.get(id)?.runTime === 'proof';
    const lintOnly = keepFindings(report, (id) => id !== APPLY_ERROR && id !== APPLY_NOTE && !isProof(id));
    io.out(render('text', lintOnly, colorWanted(parsed, io)));
    for (const run of runs) {
      if ('result' in run) {
        for (const n of run.result.notes) if (!quiet || n.severity === 'error') io.out(formatNote(io, n));
        if (run.result.error) io.out(formatApplyError(io, run.result.error));
      }
      io.out(formatOutcome(io, run));
    }
    for (const p of proofs) io.out(p.text);
    const proven = keepFindings(report, isProof);
    if (proven.files.some((f) => f.findings.length)) io.out(render('text', { ...proven, files: proven.files.filter((f) => f.findings.length) }, colorWanted(parsed, io)));
  } else {
    io.out(render(format, report, false));
    for (const run of runs) if ('problem' in run) io.err(formatOutcome(io, run));
  }
  if (ioFailed) return EXIT_USAGE;
  return applyFailed || failed(report, failOn, maxWarnings) ? EXIT_FINDINGS : EXIT_OK;
}

/** The sets' up and down files, and the other files their layout findings are on (a Drizzle journal), sorted. */
function filesOf(sets: MigrationSet[], setFindings: Map<string, Finding[]>): string[] {
  const files = new Set(setMembers(sets));
  for (const set of sets) for (const f of set.orphans) files.add(f.path);
  for (const file of setFindings.keys()) if (sets.some((s) => file.startsWith(s.root + path.sep))) files.add(file);
  return [...files].sort();
}

/** The report with only the findings whose rule id `keep` accepts (every file stays listed). */
function keepFindings(report: LintReport, keep: (ruleId: string) => boolean): LintReport {
  return { ...report, files: report.files.map((f) => ({ ...f, findings: f.findings.filter((x) => keep(x.ruleId)) })) };
}

/** Apply errors and notes as findings, through the configuration and suppression comments like any rule's. */
function addApplyFindings(report: LintReport, error: ApplyError | undefined, notes: PreviewNote[], texts: Map<string, string>, config: ResolvedConfig, io: Io): void {
  const raw = notes.map((n) => ({ ruleId: APPLY_NOTE, path: n.path, start: n.start, end: n.end, severity: n.severity, message: n.message }));
  if (error) raw.push(applyErrorFinding(error));
  const read = (p: string) => texts.get(p) ?? (path.isAbsolute(p) ? readFromDisk(p) : undefined);
  const kept = configured(unsuppressed(raw, read), config);
  addFindings(report, kept.map((f) => ({ path: f.path, text: texts.get(f.path), finding: asFinding(f) })), io);
}

/** Findings located in the text they were found in (the applied text; the disk's only when none was kept). */
function addFindings(report: LintReport, found: { path: string; finding: Finding; text?: string }[], io: Io): void {
  for (const { path: file, finding, text: ranOn } of found) {
    let entry = report.files.find((f) => f.absPath === file);
    if (!entry) {
      entry = { path: shownPath(io, file), absPath: path.isAbsolute(file) ? file : path.join(report.root, file), findings: [] } satisfies FileReport;
      report.files.push(entry);
    }
    const text = ranOn ?? (path.isAbsolute(file) ? (readFromDisk(file) ?? '') : '');
    entry.findings.push(...locateFindings(text, [finding]));
    entry.findings.sort((a, b) => a.region.line - b.region.line || a.region.column - b.region.column);
  }
}
