/** Linting files as every command does: each file in its set's context, with its set's layout findings. */
import * as path from 'node:path';
import type { ResolvedConfig } from '../config-model';
import { lintText, type Finding, type LintOptions } from '../engine';
import { GitRepos } from '../layout/git';
import { lintSet } from '../layout/lint-set';
import { mergeFindings, readFromDisk, SetContexts, setRulesBesideFileLints, type EventsCache, type ReadText } from '../layout/set-context';
import type { MigrationSet } from '../layout/types';
import { toPosix } from '../files';
import { RULES_BY_ID } from '../rules/index';
import type { Io } from './io';
import { locateFindings } from './location';
import { readMigration } from './read';
import type { FileReport } from './report';
import { TOOL_NAME } from './tool';

/** The workspace's migration sets, their layout findings by file, the context each file is linted in, and the run's reader of files. */
export interface Layout {
  sets: MigrationSet[];
  contexts: SetContexts;
  setFindings: Map<string, Finding[]>;
  read: ReadText;
}

/**
 * `io`: where a set-level rule that throws is reported with its stack (its finding says it failed).
 * `eventsCache`: the history's events from earlier runs (cli/history-cache.ts); `repos`: what git
 * said, when the caller asked it beforehand (lint-run.ts).
 */
export function layoutOf(sets: MigrationSet[], config: ResolvedConfig, io: Io, eventsCache?: EventsCache, repos = new GitRepos()): Layout {
  const setFindings = new Map<string, Finding[]>();
  const read = readOnce();
  const contexts = new SetContexts({ maxFileSize: config.maxFileSize, read, eventsCache });
  const parse = (file: string, text: string) => contexts.parsedFor(file, text);
  const setRules = setRulesBesideFileLints(config);
  for (const set of sets) {
    for (const [file, findings] of lintSet(set, config, read, setRules, repos, (ruleId, e) => io.err(`${TOOL_NAME}: rule ${ruleId} failed on the set ${set.root}: ${(e as Error)?.stack ?? String(e)}\n`), parse)) setFindings.set(file, [...(setFindings.get(file) ?? []), ...findings]);
  }
  return { sets, contexts, setFindings, read };
}

/** Reads each file from disk once per run: the layout rules and the schema rules read every file of a set. */
export function readOnce(): ReadText {
  const texts = new Map<string, string | undefined>();
  return (p) => {
    if (!texts.has(p)) texts.set(p, readFromDisk(p));
    return texts.get(p);
  };
}

export function setMembers(sets: MigrationSet[]): string[] {
  return sets.flatMap((set) => [...set.files, ...set.downs].map((f) => f.path));
}

/**
 * `lint` applied to each file in order, as one thread of a run does (parallel.ts): a set's parses,
 * events and timeline are let go once the last of these files in it is linted.
 */
export function lintInOrder<R>(files: readonly string[], layout: Layout, lint: (file: string) => R): R[] {
  const setOf = new Map<string, MigrationSet>();
  for (const set of layout.sets) for (const f of [...set.files, ...set.downs, ...set.orphans]) if (!setOf.has(f.path)) setOf.set(f.path, set);
  const left = new Map<MigrationSet, number>();
  for (const f of files) {
    const set = setOf.get(f);
    if (set) left.set(set, (left.get(set) ?? 0) + 1);
  }
  return files.map((f) => {
    const result = lint(f);
    const set = setOf.get(f);
    if (set) {
      const n = left.get(set)! - 1;
      left.set(set, n);
      if (n === 0) layout.contexts.releaseSet(set);
    }
    return result;
  });
}

export function lintFile(absPath: string, io: Io, config: ResolvedConfig, layout: Layout): FileReport | undefined {
  const shown = toPosix(path.relative(io.cwd, absPath)) || absPath;
  // A set's file was read for its set already: read once (each file was opened two to four times).
  const read = readMigration(absPath, shown, safeRead(layout.read, absPath));
  if (!read.ok) {
    io.err(`${TOOL_NAME}: ${read.message}\n`);
    return undefined;
  }
  for (const note of read.notes) io.err(`${TOOL_NAME}: ${note}\n`);
  const fromSet = layout.setFindings.get(absPath) ?? [];
  // A set's own files (a Drizzle journal) carry only what the layout rules say about them.
  const perFile = absPath.endsWith('.sql') ? lintWithFailures(read.text, { path: shown, config, set: layout.contexts.contextOf(layout.sets, absPath), parse: (text) => layout.contexts.parsedFor(absPath, text) }, io) : [];
  layout.contexts.release(absPath);
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

function safeRead(read: ReadText, path: string): string | undefined {
  try {
    return read(path);
  } catch {
    return undefined;
  }
}
