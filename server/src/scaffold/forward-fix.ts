/**
 * Forward fixes. A migration committed on the default branch has been applied somewhere (one the
 * connected database reports as applied, for sure): the
 * team practice is "never edit a migration after generation" and "forward-fix only", and Prisma
 * keeps a checksum of every applied `migration.sql` and complains when one changes. So a quick
 * fix on such a file is offered as "Create a forward-fix migration…": the next migration of the
 * set (written by New Migration's scaffolding, never over an existing file) holding the fix.
 *
 * A fix that adds statements of its own after the finding's statement (the missing index of a
 * foreign key, a VALIDATE CONSTRAINT) is a forward fix as it is: the new migration runs them.
 * Any other fix rewrites or guards the committed statement, which a new migration cannot do by
 * replaying it: the new migration then shows that statement as the fix would have written it,
 * commented out, for the author to turn into the statements that move the schema there.
 */
import type { Finding } from '../engine';
import { migrationNameOf } from '../header/parse';
import { parseSql } from '../parse/parser';
import type { Fix } from '../rules/types';

export interface ForwardFix {
  /** The code action's title. */
  title: string;
  /** The new migration's description: its title and file name. */
  description: string;
  /** The new migration's up part. */
  body: string;
  /** The fix's own statements are the body (nothing left for the author to adapt). */
  standalone: boolean;
}

/** Why a migration is never edited: it is committed on the default branch, or the connected database has applied it. */
export type Frozen = 'committed' | 'applied';

const FROZEN_AS: Record<Frozen, string> = { committed: 'committed', applied: 'applied to the connected database' };

export function forwardFixOf(text: string, path: string, finding: Finding, fix: Fix, frozen: Frozen = 'committed'): ForwardFix {
  const migration = migrationNameOf(path);
  const description = `forward fix ${finding.ruleId}`;
  const title = `Create a forward-fix migration… (${fix.title})`;
  const stmt = finding.statement ?? { start: finding.start, end: finding.end };
  const added = standaloneStatements(fix, stmt.end);
  if (added) return { title, description, standalone: true, body: `-- Forward fix for ${finding.ruleId} in ${migration} (already ${FROZEN_AS[frozen]}: it is not edited).\n${added}\n` };
  const fixed = applyWithin(text, fix, stmt.start, stmt.end);
  const shown = fixed ?? fix.edits.map((e) => e.newText.trim()).filter(Boolean).join('\n');
  const commented = shown
    .split('\n')
    .map((l) => `-- ${l}`.trimEnd())
    .join('\n');
  const body = [
    `-- Forward fix for ${finding.ruleId} in ${migration}, which is already ${FROZEN_AS[frozen]} and is not edited.`,
    `-- ${finding.message.replace(/\s*\n\s*/g, ' ')}`,
    fixed
      ? `-- The quick fix "${fix.title}" would have rewritten its statement as below: write the statements`
      : `-- The quick fix "${fix.title}" would have added the lines below to it: write the statements`,
    '-- that take the schema there from where that migration left it (ALTER …), then delete these comments.',
    commented,
    '',
  ].join('\n');
  return { title, description, standalone: false, body };
}

/** The statements a fix only adds after `after` (none of its edits touches the committed text), or undefined. */
function standaloneStatements(fix: Fix, after: number): string | undefined {
  if (fix.edits.length === 0 || fix.edits.some((e) => e.start !== e.end || e.start < after)) return undefined;
  const sql = fix.edits
    .map((e) => e.newText.trim().replace(/^;\s*/, ''))
    .filter(Boolean)
    .join('\n');
  const parsed = parseSql(sql);
  if (!sql || parsed.statements.length === 0 || parsed.syntaxErrors.length || parsed.unparsed.length) return undefined;
  return /;\s*$/.test(sql) ? sql : `${sql};`;
}

/** The text of [start, end) with the fix's edits inside it applied; undefined when none is inside. */
function applyWithin(text: string, fix: Fix, start: number, end: number): string | undefined {
  // A line inserted right before the statement (a SET preamble) is added to the file, not a rewrite of it.
  const inside = fix.edits.filter((e) => e.start >= start && e.end <= end && !(e.start === e.end && e.start === start));
  if (inside.length === 0) return undefined;
  let out = text.slice(start, end);
  for (const e of [...inside].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - start) + e.newText + out.slice(e.end - start);
  return `${out.trim()};`;
}
