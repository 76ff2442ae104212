/**
 * Suppression comments:
 *   -- lens-ignore rule-a, rule-b -- reason     the next statement (all of it, DO bodies included)
 *   -- lens-ignore-file rule-a                   the whole file
 *   -- squawk-ignore / squawk-ignore-file        the same, with squawk's rule names
 * With no rule ids, a comment silences every rule for its scope.
 */
import type { Comment, ParsedFile, Statement } from '../parse/parser';

export interface Suppression {
  comment: Comment;
  source: 'lens' | 'squawk';
  scope: 'statement' | 'file';
  /** Rule ids as written (ours, or squawk's for squawk comments); empty means every rule. */
  ids: string[];
  /** The statement a `statement` suppression applies to. */
  target?: Statement;
  /** Ids that silenced at least one finding ('*' for an id-less comment). */
  used: Set<string>;
  /** Distinct ids past MAX_IDS_PER_COMMENT: not read (unused-ignore says so). */
  ignoredIds?: number;
}

/** A comment naming more rules than this is a mistake or an attack: only the first ones are read. */
export const MAX_IDS_PER_COMMENT = 64;

const DIRECTIVE = /^(lens|squawk)-ignore(-file)?(?=\s|$)(.*)$/s;

export function findSuppressions(file: ParsedFile): Suppression[] {
  const out: Suppression[] = [];
  const stmts = [...file.executed].sort((a, b) => a.start - b.start);
  for (const comment of file.comments) {
    const m = DIRECTIVE.exec(comment.body);
    if (!m) continue;
    const [, source, fileScope, rest] = m;
    // The ids end at a ` -- reason` or at the `*/` of a block comment (searches that stay linear on long lines).
    const ends = [rest.search(/\s--/), rest.indexOf('*/')].filter((i) => i >= 0);
    const idsPart = rest.slice(0, ends.length ? Math.min(...ends) : rest.length);
    const all = [...new Set(idsPart.split(/[\s,]+/).filter(Boolean))];
    const ids = all.slice(0, MAX_IDS_PER_COMMENT);
    const s: Suppression = { comment, source: source as 'lens' | 'squawk', scope: fileScope ? 'file' : 'statement', ids, used: new Set() };
    if (all.length > ids.length) s.ignoredIds = all.length - ids.length;
    if (s.scope === 'statement') s.target = firstStatementAfter(stmts, comment.end);
    out.push(s);
  }
  return out;
}

function firstStatementAfter(sorted: Statement[], offset: number): Statement | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/** Whether `stmt` is `target` or inside it (a DO block's statements). */
export function within(stmt: Statement | undefined, target: Statement | undefined): boolean {
  for (let s = stmt; s; s = s.parent) if (s === target) return true;
  return false;
}

/**
 * Whether a finding of `ruleId` at UTF-16 offset `at` is silenced by one of the comments
 * (`findSuppressions` of the file).
 * For findings made outside the static rules (the run-time proofs), which have an offset but no
 * statement object of their own.
 */
export function suppressedAt(suppressions: Suppression[], ruleId: string, at: number): boolean {
  return suppressions.some((s) => {
    if (s.source !== 'lens' || (s.ids.length && !s.ids.includes(ruleId))) return false;
    return s.scope === 'file' || (!!s.target && s.target.start <= at && at <= s.target.end);
  });
}
