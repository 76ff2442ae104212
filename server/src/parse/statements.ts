/**
 * Which statement holds an offset: where findings are owned for suppression, and what an
 * "ignore for this statement" comment sits above (the engine, the lock trace and the client's
 * proof quick fixes).
 */
import type { ParsedFile, Statement } from './parser';

/** The top-level statement holding `offset`: what "ignore for this statement" comments sit above. */
export function statementRangeAt(file: ParsedFile, offset: number): { start: number; end: number } | undefined {
  return topRange(statementAt(file, offset));
}

/** The innermost statement holding `offset` (one inside a DO block, when it is there). */
export function statementAt(file: ParsedFile, offset: number): Statement | undefined {
  // Top-level statements are disjoint and in order: the last one starting at or before the
  // offset is the only one that can hold it (a binary search: findings of a 20,000-statement
  // file are placed one by one). Then the statements of its DO block, as `executed` lists them.
  const tops = file.statements;
  let lo = 0;
  let hi = tops.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid].start <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const top = at >= 0 ? tops[at] : undefined;
  if (!top || offset > top.end) return undefined;
  let best: Statement = top;
  if (top.kind === 'DoStmt') for (const s of top.nested) if (s.start <= offset && offset <= s.end && s.start >= best.start) best = s;
  return best;
}

/** The range of the top-level statement that holds `stmt`. */
export function topRange(stmt: Statement | undefined): { start: number; end: number } | undefined {
  let s = stmt;
  while (s?.parent) s = s.parent;
  return s ? { start: s.start, end: s.end } : undefined;
}
