/**
 * The one suppression index of a parsed file: every finding, whoever makes it (the rule checks,
 * the set-level rules, the run-time proofs, the lock trace), is silenced here and by the same rule.
 *
 * Comments:
 *   -- lens-ignore rule-a, rule-b -- reason     the next statement (all of it, DO bodies included)
 *   -- lens-ignore-file rule-a                   the whole file
 *   -- squawk-ignore / squawk-ignore-file        the same, with squawk's rule names
 * With no rule ids, a comment silences every rule for its scope.
 *
 * A finding belongs to a statement when it has one: the statement a rule checked, or the statement
 * holding the finding's offset (proofs, the lock trace). Findings about the file as a whole (set-level
 * rules, a file with no statements) belong to no statement, and only `-ignore-file` silences them.
 */
import type { Comment, ParsedFile, Statement } from '../parse/parser';
import { statementAt } from '../parse/statements';

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

/** What the index needs of a rule: its id, and the squawk names its `-- squawk-ignore` comments may use. */
interface SuppressibleRule {
  id: string;
  squawk?: readonly string[];
}

/** A comment naming more rules than this is a mistake or an attack: only the first ones are read. */
export const MAX_IDS_PER_COMMENT = 64;

/**
 * Findings no comment silences: the engine adds them after suppressions are applied (unused-ignore,
 * too-many-findings), the file was not parsed (unlintable-file), or a comment cannot make the
 * statement pass (apply-error: nothing after it is applied). The "ignore" quick fixes skip them.
 */
export const UNSUPPRESSIBLE_RULE_IDS: ReadonlySet<string> = new Set(['unused-ignore', 'unlintable-file', 'too-many-findings', 'apply-error']);

const DIRECTIVE = /^(lens|squawk)-ignore(-file)?(?=\s|$)(.*)$/s;

/** Whether a comment is a suppression comment (the header block ends before one, see lsp/ignore-edits.ts). */
export function isSuppressionComment(comment: Comment): boolean {
  return DIRECTIVE.test(comment.body);
}

/**
 * The suppression comments of one file, and which of their ids silenced something. Build one per
 * lint of the file (the `used` marks belong to that lint: unused-ignore reads them).
 */
export class SuppressionIndex {
  readonly suppressions: readonly Suppression[];
  private readonly hasFileScope: boolean;

  constructor(readonly file: ParsedFile) {
    this.suppressions = findSuppressions(file);
    this.hasFileScope = this.suppressions.some((s) => s.scope === 'file');
  }

  /**
   * Whether a finding of `rule` that belongs to `stmt` (undefined: to the file as a whole) is
   * silenced. Every comment id that silences it is marked used.
   */
  silences(rule: SuppressibleRule | string, stmt: Statement | undefined): boolean {
    return this.match(rule, stmt, true);
  }

  /** Whether silences() would silence such a finding, without marking anything used: a rule that leaves its finding to another asks. */
  wouldSilence(rule: SuppressibleRule | string, stmt: Statement | undefined): boolean {
    return this.match(rule, stmt, false);
  }

  private match(rule: SuppressibleRule | string, stmt: Statement | undefined, mark: boolean): boolean {
    if (this.suppressions.length === 0) return false;
    const r = typeof rule === 'string' ? { id: rule } : rule;
    if (UNSUPPRESSIBLE_RULE_IDS.has(r.id)) return false;
    if (!stmt && !this.hasFileScope) return false;
    let hit = false;
    for (const s of this.suppressions) {
      if (s.scope === 'statement' && !within(stmt, s.target)) continue;
      const id = matchingId(r, s);
      if (!id) continue;
      if (!mark) return true;
      s.used.add(id);
      hit = true;
    }
    return hit;
  }

  /** Whether a finding of `rule` located at UTF-16 `offset` is silenced: it belongs to the statement there. */
  silencesAt(rule: SuppressibleRule | string, offset: number): boolean {
    return this.silences(rule, statementAt(this.file, offset));
  }
}

function findSuppressions(file: ParsedFile): Suppression[] {
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
function within(stmt: Statement | undefined, target: Statement | undefined): boolean {
  for (let s = stmt; s; s = s.parent) if (s === target) return true;
  return false;
}

/** The id of `s` that names `rule` ('*' for an id-less comment); squawk comments also match by the rule's squawk names. */
function matchingId(rule: SuppressibleRule, s: Suppression): string | undefined {
  if (s.ids.length === 0) return '*';
  if (s.source === 'lens') return s.ids.find((id) => id === rule.id);
  return s.ids.find((id) => id === rule.id || rule.squawk?.includes(id));
}
