/** What `migration-lens lint` runs (its options and help: lint.ts). */
import * as path from 'node:path';
import type { ResolvedConfig } from '../config';
import { detectSets, detectSetsHolding } from '../layout/detect';
import { memberOf } from '../layout/set-context';
import { GitRepos } from '../layout/git';
import { gitAskedFor, gitBase } from '../layout/lint-set';
import type { MigrationSet } from '../layout/types';
import { isDirectory, listMigrationFiles, resolveTargets, toPosix, type Targets } from '../files';
import { cacheStatementParses } from '../parse/parser';
import { flag, type Parsed } from './args';
import { applyChangedSince, changedSinceOf } from './changed-since';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io } from './io';
import { LintWorker, lintFiles } from './parallel';
import type { LintReport } from './report';
import { detectSetsFor, workspaceFor } from './workspace-sets';
import { TOOL_NAME } from './tool';
import { noMigrations } from './empty';
import { loadConfigWithOverrides } from './load-config';
import { layoutOf, setMembers } from './lint-files';
import { HistoryCache } from './history-cache';
import { SetsCache } from './sets-cache';
import { startLintParser } from './lint-parser';
import { colorWanted, failed, render, reportOptions } from './output';
import tinyglobby = require('tinyglobby');

const { escapePath } = tinyglobby;

// The entry point asks it first (cli.ts): this module is all `lint` loads.
export { runLintWorkerIfAny } from './parallel';

export async function runLint(parsed: Parsed, io: Io): Promise<number> {
  const parser = startLintParser();
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
  const sets = parsed.positionals.length
    ? setsOfTargets(root, withFolders(root, config, targets.folders ?? []), parsed.positionals.map((a) => path.resolve(io.cwd, a)), targets.files, io.cacheDir)
    : detectSets(root, config);
  // Git's questions for the history rules go out together, and the history's cached events are
  // read, while the parser finishes loading (git.ts). Files named on the command line: their sets'
  // other files are history, cached (a run without arguments lints every file of its sets).
  // The second thread loads meanwhile too (parallel.ts); its start put V8's young-generation growth
  // back (lint-flags.ts), undone when it is online, before this thread allocates much again.
  const early = LintWorker.start(io.workerEntry, targets.files.length);
  const repos = new GitRepos();
  const asked = repos.prefetch(gitAskedFor(sets, config), gitBase(config));
  const history = parsed.positionals.length && io.cacheDir ? HistoryCache.open(io.cacheDir, root, targets.files) : undefined;
  history?.prefetch(setMembers(sets));
  await Promise.all([parser, asked, early?.online]);
  cacheStatementParses(0);
  const layout = layoutOf(sets, config, io, history, repos);
  // The whole workspace: also every detected set member (a drizzle/ folder outside the globs) and set-level findings' files.
  const files = parsed.positionals.length ? targets.files : [...new Set([...targets.files, ...setMembers(layout.sets), ...layout.setFindings.keys()])].sort();
  if (files.length === 0) {
    const status = noMigrations(io, root, root, config, flag(parsed, 'allow-empty'), layout.sets);
    if (status !== EXIT_OK) return status;
  }
  const report: LintReport = { root, files: [] };
  let ioFailed = false;
  for (const file of await lintFiles(files, io, config, layout, early ?? LintWorker.start(io.workerEntry, files.length))) {
    if (!file) {
      ioFailed = true;
      continue;
    }
    report.files.push(file);
  }
  history?.save();
  const changed = applyChangedSince(report, changedSinceOf(parsed, config));
  if (changed) {
    io.err(`${TOOL_NAME}: ${changed}\n`);
    return EXIT_USAGE;
  }
  if (quiet) for (const file of report.files) file.findings = file.findings.filter((f) => f.severity === 'error');

  io.out(render(format, report, colorWanted(parsed, io)));
  if (ioFailed) return EXIT_USAGE;
  return failed(report, failOn, maxWarnings) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The sets holding the named files only: the other sets of a large workspace are neither linted
 * nor asked about in git. A directory argument outside the workspace is detected on its own, so
 * its files get their set's context too. The sets of the workspace's files come from the cache
 * of an earlier run while nothing detection read has changed (sets-cache.ts).
 */
function setsOfTargets(root: string, config: ResolvedConfig, args: string[], files: string[], cacheDir: string | undefined): MigrationSet[] {
  const sets = args.filter(isDirectory).flatMap((dir) => (workspaceFor(root, dir) === root ? [] : detectSetsFor(root, dir, config)));
  const inside = files.filter((f) => workspaceFor(root, f) === root);
  const detect = () => detectSetsHolding(root, config, inside);
  sets.push(...(cacheDir ? SetsCache.open(cacheDir, root).detect(root, config, inside, detect) : detect()));
  return sets.filter((set) => files.some((f) => memberOf([set], f)));
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

