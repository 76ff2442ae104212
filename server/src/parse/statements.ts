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
  let best: Statement | undefined;
  for (const s of file.executed) if (s.start <= offset && offset <= s.end && (!best || s.start >= best.start)) best = s;
  return best;
}

/** The range of the top-level statement that holds `stmt`. */
export function topRange(stmt: Statement | undefined): { start: number; end: number } | undefined {
  let s = stmt;
  while (s?.parent) s = s.parent;
  return s ? { start: s.start, end: s.end } : undefined;
}
