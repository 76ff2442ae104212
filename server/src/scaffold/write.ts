/**
 * Writes a planned migration: new files with `wx` (an existing file is never overwritten, even
 * one that appeared after planning), the Drizzle journal through a temporary file and a rename
 * (a reader never sees half a journal). Either everything is written or nothing is left behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MigrationNameError, type MigrationPlan } from '../layout/naming';

export function writePlan(plan: MigrationPlan): void {
  const undo: (() => void)[] = [];
  try {
    for (const f of plan.files) {
      undo.push(...makeDirs(path.dirname(f.path)));
      try {
        writeFileSync(f.path, f.content, { flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new MigrationNameError(`${f.relPath} already exists: it is never overwritten.`);
        throw new MigrationNameError(`Cannot write ${f.relPath}: ${(e as Error).message}`);
      }
      undo.push(() => unlinkSync(f.path));
    }
    // Last, so that a failure above leaves the journal as it was.
    if (plan.journalUpdate) writeAtomically(plan.journalUpdate.path, plan.journalUpdate.newText);
  } catch (e) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Best effort: a file the user already removed or a folder someone filled is theirs now.
      }
    }
    throw e;
  }
}

/** Replaces `file` by writing a sibling temporary file and renaming it over (atomic on one file system). */
export function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, file);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
    throw new MigrationNameError(`Cannot update ${file}: ${(e as Error).message}`);
  }
}

/** Creates `dir` and its missing parents; returns the steps that remove the ones it created, innermost first. */
function makeDirs(dir: string): (() => void)[] {
  const first = mkdirSync(dir, { recursive: true });
  if (!first) return [];
  const created: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    created.push(d);
    if (d === first || path.dirname(d) === d) break;
  }
  // undo runs in reverse: outermost pushed first so the innermost is removed first.
  return created.reverse().map((d) => () => rmdirSync(d));
}
