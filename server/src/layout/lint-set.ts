/**
 * Runs the set-level (layout) rules over one migration set. Severities follow the engine
 * (rule setting, then category, then default); `-- lens-ignore-file <id>` in a file silences
 * that rule's set findings on it, as it does for per-file findings.
 */
import { severityFor, type Finding } from '../engine';
import type { ResolvedConfig } from '../config-model';
import { parseSql, type ParsedFile } from '../parse/parser';
import { ALL_RULES, RULES_BY_ID } from '../rules/index';
import { SuppressionIndex } from '../rules/suppressions';
import type { Rule, SetReport, SetRuleContext } from '../rules/types';
import { CONVENTIONS } from './conventions';
import { GitRepos, type GitView } from './git';
import type { MigrationSet } from './types';

export type ReadFile = (path: string) => string | undefined;

/**
 * Findings per absolute file path. `readFile` lets the editor supply unsaved text; `repos` shares
 * git's answers between the sets of one run (one question per repository). A set-level rule that
 * throws is isolated here, as the engine isolates file rules: it becomes one warning of that rule
 * on the set's first file, the other rules still run; `onRuleError` is told of the error (a log).
 */
export function lintSet(
  set: MigrationSet,
  config: ResolvedConfig,
  readFile: ReadFile,
  rules: Rule[] = ALL_RULES,
  repos: GitRepos = new GitRepos(),
  onRuleError?: (ruleId: string, error: unknown) => void,
  /** Parses a file's text (defaults to parseSql): the CLI shares its set contexts' parses, so that no file is parsed twice. */
  parseFile: (path: string, text: string) => ParsedFile = (_path, text) => parseSql(text),
): Map<string, Finding[]> {
  // A set joined from several folders (`sets`): each folder keeps its own numbering, down files and bookkeeping.
  if (set.parts) {
    const out = new Map<string, Finding[]>();
    for (const part of set.parts) for (const [file, findings] of lintSet(part, config, readFile, rules, repos, onRuleError, parseFile)) out.set(file, [...(out.get(file) ?? []), ...findings]);
    return out;
  }
  const ctx = setContext(set, config, readFile, repos, parseFile);
  const indexes = new Map<string, SuppressionIndex | undefined>();
  const indexOf = (path: string) => {
    if (!indexes.has(path)) {
      const file = /\.sql$/i.test(path) ? ctx.parse(path) : undefined;
      indexes.set(path, file && new SuppressionIndex(file));
    }
    return indexes.get(path);
  };
  const out = new Map<string, Finding[]>();
  for (const rule of rules) {
    if (!rule.checkSet) continue;
    const severity = severityFor(rule, config, CONVENTIONS[set.convention].idempotent);
    if (severity === 'off') continue;
    let reports: SetReport[];
    try {
      reports = rule.checkSet(set, { ...ctx, options: config.rules[rule.id]?.options ?? {} });
    } catch (e) {
      onRuleError?.(rule.id, e);
      const first = set.files[0]?.path ?? set.downs[0]?.path;
      const message = `Rule ${rule.id} failed on this migration set (the other rules still ran): ${String((e as Error)?.message ?? e)}`;
      if (first) out.set(first, [...(out.get(first) ?? []), { ruleId: rule.id, category: rule.category, severity: 'warning', message, start: 0, end: 0, fixes: [] }]);
      continue;
    }
    for (const rep of reports) {
      // Set findings are about a file as a whole: `-- lens-ignore-file <id>` silences them (rules/suppressions.ts).
      if (indexOf(rep.path)?.silences(rule, undefined)) continue;
      const start = rep.start ?? 0;
      const finding: Finding = { ruleId: rule.id, category: rule.category, severity, message: rep.message ?? rule.docs.summary, start, end: rep.end ?? start, fixes: rep.fixes ?? [] };
      out.set(rep.path, [...(out.get(rep.path) ?? []), finding]);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

function setContext(set: MigrationSet, config: ResolvedConfig, readFile: ReadFile, repos: GitRepos, parseFile: (path: string, text: string) => ParsedFile): Omit<SetRuleContext, 'options'> {
  const texts = new Map<string, string | undefined>();
  const parsed = new Map<string, ParsedFile | undefined>();
  let git: GitView | undefined | null = null;
  const readText = (path: string) => {
    if (!texts.has(path)) {
      let text: string | undefined;
      try {
        text = readFile(path);
      } catch {
        text = undefined;
      }
      texts.set(path, text);
    }
    return texts.get(path);
  };
  return {
    readText,
    parse: (path) => {
      if (!parsed.has(path)) {
        const text = readText(path);
        parsed.set(path, text === undefined || text.includes('\u0000') || text.length > config.maxFileSize ? undefined : parseFile(path, text));
      }
      return parsed.get(path);
    },
    git: () => {
      // Asked on first use only (no rule asks for most conventions), once per repository.
      if (git === null) git = repos.view(set.root, gitBase(config));
      return git;
    },
  };
}

/** The rules that ask git. */
export const HISTORY_RULES = ['migration-edited-after-commit', 'file-not-in-order'];

/**
 * The folders of the sets whose repository lintSet will ask git about: those of a convention that
 * keeps a history, when a history rule is on. What a caller may prefetch (GitRepos.prefetch).
 */
export function gitAskedFor(sets: readonly MigrationSet[], config: ResolvedConfig): string[] {
  if (HISTORY_RULES.every((id) => severityFor(RULES_BY_ID.get(id)!, config, false) === 'off')) return [];
  return sets.flatMap((set) => set.parts ?? [set]).filter((set) => CONVENTIONS[set.convention].history).map((set) => set.root);
}

/** A `base` option on either history rule names the ref to compare with (e.g. "origin/develop"). */
export function gitBase(config: ResolvedConfig): string | undefined {
  for (const id of HISTORY_RULES) {
    const base = config.rules[id]?.options.base;
    if (typeof base === 'string' && base) return base;
  }
  return undefined;
}
