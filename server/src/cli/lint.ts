/** `migration-lens lint [paths or globs...]`: the editor's diagnostics, for CI and the terminal. */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, type ResolvedConfig } from '../config';
import { detectSets, detectSetsHolding } from '../layout/detect';
import { memberOf } from '../layout/set-context';
import { isDirectory, listMigrationFiles, resolveTargets, toPosix, type Targets } from '../files';
import { cacheStatementParses, initParser } from '../parse/parser';
import { flag, type Command, type OptionSpec, type Parsed } from './args';
import { applyChangedSince, changedSinceOf } from './changed-since';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io } from './io';
import { lintFiles } from './parallel';
import type { LintReport } from './report';
import { detectSetsFor, workspaceFor } from './preview';
import { TOOL_NAME } from './tool';
import { ALLOW_EMPTY_OPTION, noMigrations } from './empty';
import { CONFIG_OPTION, loadConfigWithOverrides } from './load-config';
import { layoutOf, setMembers, type Layout } from './lint-files';
import { colorWanted, failed, render, reportOptions } from './output';
import tinyglobby = require('tinyglobby');

const { escapePath } = tinyglobby;

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
  cacheStatementParses(0);
  const layout = parsed.positionals.length
    ? layoutOfTargets(root, withFolders(root, config, targets.folders ?? []), parsed.positionals.map((a) => path.resolve(io.cwd, a)), targets.files, io)
    : layoutOf(detectSets(root, config), config, io);
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

/**
 * The layout of the sets holding the named files only: the other sets of a large workspace are
 * neither linted nor asked about in git. A directory argument outside the workspace is detected
 * on its own, so its files get their set's context too.
 */
function layoutOfTargets(root: string, config: ResolvedConfig, args: string[], files: string[], io: Io): Layout {
  const sets = args.filter(isDirectory).flatMap((dir) => (workspaceFor(root, dir) === root ? [] : detectSetsFor(root, dir, config)));
  sets.push(...detectSetsHolding(root, config, files.filter((f) => workspaceFor(root, f) === root)));
  return layoutOf(sets.filter((set) => files.some((f) => memberOf([set], f))), config, io);
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

