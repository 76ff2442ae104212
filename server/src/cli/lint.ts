/** `migration-lens lint [paths or globs...]`: the editor's diagnostics, for CI and the terminal. */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, loadConfigFile, resolveConfig, type ConfigInput, type ResolvedConfig } from '../config';
import { lintText, type Finding, type LintOptions } from '../engine';
import { detectSets, detectSetsHolding } from '../layout/detect';
import { GitRepos } from '../layout/git';
import { asMerged, changedSinceBase, isMerged } from '../layout/history';
import { lintSet } from '../layout/lint-set';
import { memberOf, mergeFindings, readFromDisk, SetContexts } from '../layout/set-context';
import type { MigrationSet } from '../layout/types';
import { isDirectory, listMigrationFiles, resolveTargets, toPosix, type Targets } from '../files';
import { initParser } from '../parse/parser';
import { RULES_BY_ID } from '../rules/index';
import { didYouMean, isKnownRuleId } from '../rules/known';
import { isChangedSince, SEVERITIES, SEVERITY_SETTINGS } from '../vocabulary';
import type { Severity, SeverityOrOff } from '../rules/types';
import { choiceOption, flag, listOption, stringOption, UsageError, type OptionSpec, type Parsed } from './args';
import type { Command } from './commands';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io } from './io';
import { formatGithub } from './github';
import { formatGitlab } from './gitlab';
import { lintFiles } from './parallel';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { locateFindings } from './location';
import { readMigration } from './read';
import { SEVERITY_RANK, type FileReport, type LintReport } from './report';
import { detectSetsFor, workspaceFor } from './preview';
import { formatSarif } from './sarif';
import { formatText } from './text';
import { TOOL_NAME, TOOL_VERSION } from './tool';
import { ALLOW_EMPTY_OPTION, noMigrations } from './empty';
import tinyglobby = require('tinyglobby');

const { escapePath } = tinyglobby;

export const FORMATS = ['text', 'json', 'github', 'sarif', 'gitlab', 'junit'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = [...SEVERITIES, 'none'] as const;
const RULE_SEVERITIES: readonly SeverityOrOff[] = SEVERITY_SETTINGS;

/** `--config`: every command that reads the configuration takes it. */
export const CONFIG_OPTION: OptionSpec = { name: 'config', short: 'c', type: 'string', value: 'path', description: `Configuration file (default: ./${CONFIG_FILE_NAME}); its folder is the workspace root.` };

export const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', value: 'format', description: 'text (default), json, github (workflow annotations), sarif, gitlab (Code Quality report) or junit (JUnit XML).' },
  CONFIG_OPTION,
  { name: 'fail-on', type: 'string', value: 'severity', description: 'Exit 1 on a finding this severe or worse: error (default), warning, info, hint, none.' },
  { name: 'rule', type: 'string', multiple: true, value: 'id=severity', description: 'Override a rule severity (error, warning, info, hint, off); repeatable.' },
  { name: 'max-warnings', type: 'string', value: 'n', description: 'Also exit 1 when there are more than n warnings.' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'Report errors only (nothing else prints or fails the run).' },
  { name: 'color', type: 'boolean', description: 'Color the text output even when stdout is not a terminal.' },
  { name: 'no-color', type: 'boolean', description: 'Never color (NO_COLOR in the environment does the same).' },
  { name: 'changed-since', type: 'string', value: 'ref', description: 'History-aware: full severity for migrations new or changed against this git ref (auto: the default branch), information for those already merged there; off: everywhere full (default: changedSince of the configuration, else off).' },
  ALLOW_EMPTY_OPTION,
];

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Lint migration files: idempotency, lock safety, headers and layout.',
  usage: '[options] [paths or globs...]',
  details: [
    `Without arguments, lints the files matching the "migrations" globs of ${CONFIG_FILE_NAME}`,
    '(or the defaults). A directory argument lints the migrations under it, a file argument that',
    'file, a quoted glob what it matches.',
    '',
    'A directory the globs do not cover is linted as a migration set of its own (its .sql files).',
    '',
    'With --changed-since <ref> (or "changedSince" in the configuration), only migrations new or',
    'changed against the ref keep their severity; those already merged there report information,',
    'so CI fails on what a pull request brings, not on history nobody will change.',
    '',
    'Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O error,',
    'or no migration files at all (unless --allow-empty).',
  ].join('\n'),
  options: OPTIONS,
  run: runLint,
};

async function runLint(parsed: Parsed, io: Io): Promise<number> {
  const { format, failOn, maxWarnings, quiet } = reportOptions(parsed);
  const loaded = loadConfigWithOverrides(parsed, io);
  if (!loaded) return EXIT_USAGE;
  const { config, root } = loaded;

  const targets = parsed.positionals.length
    ? await resolveTargets(parsed.positionals, io.cwd, root, config)
    : await (async (): Promise<Targets> => {
      const notes: string[] = [];
      return { files: await listMigrationFiles(root, config, notes), problems: [], notes };
    })();
  for (const note of targets.notes ?? []) io.err(`${TOOL_NAME}: ${note}\n`);
  if (targets.problems.length) {
    for (const p of targets.problems) io.err(`${TOOL_NAME}: ${p}\n`);
    return EXIT_USAGE;
  }
  await initParser();
  const layout = parsed.positionals.length
    ? layoutOfTargets(root, withFolders(root, config, targets.folders ?? []), parsed.positionals.map((a) => path.resolve(io.cwd, a)), targets.files)
    : layoutOf(detectSets(root, config), config);
  // The whole workspace: also every detected set member (a drizzle/ folder outside the globs) and set-level findings' files.
  const files = parsed.positionals.length ? targets.files : [...new Set([...targets.files, ...setMembers(layout.sets), ...layout.setFindings.keys()])].sort();
  if (files.length === 0) {
    const status = noMigrations(io, root, root, config, flag(parsed, 'allow-empty'), layout.sets);
    if (status !== EXIT_OK) return status;
  }
  const report: LintReport = { root, files: [] };
  let ioFailed = false;
  for (const file of await lintFiles(files, io, config, layout, io.workerEntry)) {
    if (!file) {
      ioFailed = true;
      continue;
    }
    report.files.push(file);
  }
  const history = applyChangedSince(report, changedSinceOf(parsed, config));
  if (history) {
    io.err(`${TOOL_NAME}: ${history}\n`);
    return EXIT_USAGE;
  }
  if (quiet) for (const file of report.files) file.findings = file.findings.filter((f) => f.severity === 'error');

  io.out(render(format, report, colorWanted(parsed, io)));
  if (ioFailed) return EXIT_USAGE;
  return failed(report, failOn, maxWarnings) ? EXIT_FINDINGS : EXIT_OK;
}

/** `--changed-since`, else the configuration's `changedSince`. */
export function changedSinceOf(parsed: Parsed, config: ResolvedConfig): string {
  const flagged = stringOption(parsed, 'changed-since');
  if (flagged === undefined) return config.changedSince;
  if (!isChangedSince(flagged)) throw new UsageError(`--changed-since expects off, auto or a git ref such as origin/main (got "${flagged}")`);
  return flagged;
}

/**
 * The history-aware mode (layout/history.ts): the findings of migrations already merged on the
 * ref become information. Returns the reason it cannot run (outside git, an unknown ref).
 */
export function applyChangedSince(report: LintReport, setting: string): string | undefined {
  const base = changedSinceBase(setting);
  if (base === null) return undefined;
  const repos = new GitRepos();
  for (const file of report.files) {
    const view = repos.view(path.dirname(file.absPath), base);
    if (!view) return `--changed-since ${setting}: ${file.path} is not in a git repository with a commit`;
    // GitRepos falls back to HEAD when the ref does not resolve: that is a mistake here.
    if (base !== undefined && view.baseRef !== base) return `--changed-since: "${base}" is not a commit git knows`;
    if (isMerged(view, file.absPath)) file.findings = asMerged(file.findings);
  }
  return undefined;
}

/** The workspace's migration sets, their layout findings by file, and the context each file is linted in. */
export interface Layout {
  sets: MigrationSet[];
  contexts: SetContexts;
  setFindings: Map<string, Finding[]>;
}

/**
 * The layout of the sets holding the named files only: the other sets of a large workspace are
 * neither linted nor asked about in git. A directory argument outside the workspace is detected
 * on its own, so its files get their set's context too.
 */
function layoutOfTargets(root: string, config: ResolvedConfig, args: string[], files: string[]): Layout {
  const sets = args.filter(isDirectory).flatMap((dir) => (workspaceFor(root, dir) === root ? [] : detectSetsFor(root, dir, config)));
  sets.push(...detectSetsHolding(root, config, files.filter((f) => workspaceFor(root, f) === root)));
  return layoutOf(sets.filter((set) => files.some((f) => memberOf([set], f))), config);
}

/**
 * The configuration with a glob for each folder named on the command line that the globs missed,
 * relative to where its set is detected (the workspace, or the file-system root for a folder outside it).
 */
function withFolders(root: string, config: ResolvedConfig, folders: string[]): ResolvedConfig {
  if (!folders.length) return config;
  const globs = folders.map((dir) => {
    const base = workspaceFor(root, dir) === root ? root : path.parse(dir).root;
    return `${escapePath(toPosix(path.relative(base, dir)))}/*.sql`;
  });
  return { ...config, migrations: [...config.migrations, ...globs] };
}

export function layoutOf(sets: MigrationSet[], config: ResolvedConfig): Layout {
  const setFindings = new Map<string, Finding[]>();
  const repos = new GitRepos();
  for (const set of sets) {
    for (const [file, findings] of lintSet(set, config, readFromDisk, undefined, repos)) setFindings.set(file, [...(setFindings.get(file) ?? []), ...findings]);
  }
  return { sets, contexts: new SetContexts({ maxFileSize: config.maxFileSize }), setFindings };
}

export function setMembers(sets: MigrationSet[]): string[] {
  return sets.flatMap((set) => [...set.files, ...set.downs].map((f) => f.path));
}

export function lintFile(absPath: string, io: Io, config: ResolvedConfig, layout: Layout): FileReport | undefined {
  const shown = toPosix(path.relative(io.cwd, absPath)) || absPath;
  const read = readMigration(absPath, shown);
  if (!read.ok) {
    io.err(`${TOOL_NAME}: ${read.message}\n`);
    return undefined;
  }
  for (const note of read.notes) io.err(`${TOOL_NAME}: ${note}\n`);
  const fromSet = layout.setFindings.get(absPath) ?? [];
  // A set's own files (a Drizzle journal) carry only what the layout rules say about them.
  const perFile = absPath.endsWith('.sql') ? lintWithFailures(read.text, { path: shown, config, set: layout.contexts.contextOf(layout.sets, absPath) }, io) : [];
  return { path: shown, absPath, findings: locateFindings(read.text, mergeFindings(perFile, fromSet, config)) };
}

/**
 * The file's findings; a rule that throws (the engine isolates it) becomes one warning of that
 * rule at the statement it failed on, and the run goes on with the other rules and files.
 */
export function lintWithFailures(text: string, opts: LintOptions, io: Io): Finding[] {
  const result = lintText(text, { ...opts, onRuleError: (ruleId, e) => io.err(`${TOOL_NAME}: rule ${ruleId} failed on ${opts.path}: ${(e as Error)?.stack ?? String(e)}\n`) });
  if (result.failures.length === 0) return result.findings;
  const failed = result.failures.map((f): Finding => ({
    ruleId: f.ruleId,
    category: RULES_BY_ID.get(f.ruleId)?.category ?? 'syntax',
    severity: 'warning',
    message: `Rule ${f.ruleId} failed on this statement (the other rules still ran): ${f.message}`,
    start: f.start,
    end: f.end,
    fixes: [],
  }));
  return [...result.findings, ...failed].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The same loader as the editor; the configuration's folder is the workspace root. */
export function loadConfig(io: Io, configArg: string | undefined, overrides: ConfigInput): { config: ResolvedConfig; root: string } | undefined {
  const file = path.resolve(io.cwd, configArg ?? CONFIG_FILE_NAME);
  const loaded = loadConfigFile(file);
  if (configArg && !loaded.found) {
    io.err(`${TOOL_NAME}: ${configArg}: configuration file not found\n`);
    return undefined;
  }
  for (const p of loaded.problems) io.err(`${TOOL_NAME}: ${p}\n`);
  // Unparsable, unreadable, or nothing usable in it: linting with defaults would pass CI by mistake.
  if (loaded.problems.length && Object.keys(loaded.config).length === 0) {
    io.err(`${TOOL_NAME}: fix the configuration file before linting\n`);
    return undefined;
  }
  return { config: resolveConfig(loaded.config, overrides), root: path.dirname(file) };
}

export function parseRuleOverrides(values: string[]): Record<string, SeverityOrOff> {
  const rules: Record<string, SeverityOrOff> = {};
  for (const v of values) {
    const m = /^([^=]+)=(.*)$/.exec(v);
    if (!m) throw new UsageError(`--rule expects id=severity (got "${v}")`);
    const [, id, severity] = m;
    // Proof ids too: `-- lens-ignore proof-lock` works, so does `--rule proof-lock=off`.
    if (!isKnownRuleId(id)) throw new UsageError(`--rule: unknown rule "${id}"${didYouMean(id)}`);
    if (!RULE_SEVERITIES.includes(severity as SeverityOrOff)) {
      throw new UsageError(`--rule ${id}: severity must be one of ${RULE_SEVERITIES.join(', ')} (got "${severity}")`);
    }
    rules[id] = severity as SeverityOrOff;
  }
  return rules;
}

/** The output options `lint` and `check` share. */
export function reportOptions(parsed: Parsed): { format: Format; failOn: (typeof FAIL_ON)[number]; maxWarnings: number | undefined; quiet: boolean } {
  return {
    format: choiceOption<Format>(parsed, 'format', FORMATS, 'text'),
    failOn: choiceOption(parsed, 'fail-on', FAIL_ON, 'error'),
    maxWarnings: parseMaxWarnings(stringOption(parsed, 'max-warnings')),
    quiet: flag(parsed, 'quiet'),
  };
}

/** The configuration (`--config` or the nearest file) with the `--rule` overrides on top. */
export function loadConfigWithOverrides(parsed: Parsed, io: Io): ReturnType<typeof loadConfig> {
  return loadConfig(io, stringOption(parsed, 'config'), { rules: parseRuleOverrides(listOption(parsed, 'rule')) });
}

export function parseMaxWarnings(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings expects a whole number (got "${v}")`);
  return Number(v);
}

/** NO_COLOR convention: set and non-empty turns color off; so do pipes and dumb terminals. */
export function colorWanted(parsed: Parsed, io: Io): boolean {
  if (flag(parsed, 'no-color')) return false;
  if (flag(parsed, 'color')) return true;
  if (io.env.NO_COLOR) return false;
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}

export function render(format: Format, report: LintReport, color: boolean): string {
  switch (format) {
    case 'text':
      return formatText(report, { color });
    case 'json':
      return formatJson(report);
    case 'github':
      return formatGithub(report);
    case 'sarif':
      return formatSarif(report, { name: TOOL_NAME, version: TOOL_VERSION });
    case 'gitlab':
      return formatGitlab(report);
    case 'junit':
      return formatJunit(report, TOOL_NAME);
  }
}

export function failed(report: LintReport, failOn: Severity | 'none', maxWarnings: number | undefined): boolean {
  const all = report.files.flatMap((f) => f.findings);
  if (failOn !== 'none' && all.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn])) return true;
  return maxWarnings !== undefined && all.filter((f) => f.severity === 'warning').length > maxWarnings;
}
