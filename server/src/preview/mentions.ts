/**
 * Which statement of a file mentions an object's name: how the preview finds the line that made
 * an object (origins) and drift finds the snapshot statement of a table. An introspection looks
 * up thousands of names, so each statement's identifiers are read once per plan into a set,
 * instead of compiling a Unicode pattern per name (that took a second on 150 migrations).
 */
import type { Statement } from '../parse/parser';
import type { FilePlan } from './plan';

/** A quoted identifier (its `""` escapes undone) or a bare word, as PostgreSQL's scanner splits them. */
const IDENTIFIER = /"((?:[^"]|"")*)"|[\p{L}\p{N}_$]+/gu;

const identifiersByPlan = new WeakMap<FilePlan, Set<string>[]>();

/** Lower-cased identifiers of each statement: names are compared case-insensitively, quoted or not. */
function identifiersOf(plan: FilePlan): Set<string>[] {
  let sets = identifiersByPlan.get(plan);
  if (!sets) {
    sets = plan.parsed.statements.map((s) => {
      const words = new Set<string>();
      for (const m of plan.text.slice(s.start, s.end).matchAll(IDENTIFIER)) words.add((m[1]?.replace(/""/g, '"') ?? m[0]).toLowerCase());
      return words;
    });
    identifiersByPlan.set(plan, sets);
  }
  return sets;
}

/** Offset in the file of the first place statement `stmt` writes identifier `name` (quoted or not), or undefined. */
export function identifierOffset(text: string, stmt: Statement, name: string): number | undefined {
  const wanted = name.toLowerCase();
  for (const m of text.slice(stmt.start, stmt.end).matchAll(IDENTIFIER)) {
    if ((m[1]?.replace(/""/g, '"') ?? m[0]).toLowerCase() === wanted) return stmt.start + m.index;
  }
  return undefined;
}

/** The first statement that mentions every one of `names` (empty names are ignored). */
export function statementMentioning(plan: FilePlan, names: string[]): Statement | undefined {
  const wanted = names.filter(Boolean).map((n) => n.toLowerCase());
  const sets = identifiersOf(plan);
  const k = sets.findIndex((words) => wanted.every((w) => words.has(w)));
  return k < 0 ? undefined : plan.parsed.statements[k];
}
