/**
 * Writes a planned migration: new files with `wx` (an existing file is never overwritten, even
 * one that appeared after planning), the Drizzle journal through a temporary file and a rename
 * (a reader never sees half a journal). Either everything is written or nothing is left behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MigrationNameError, type MigrationPlan } from '../layout/naming';
import { realLocation, staysInside } from '../limits';

/**
 * `within`: the set's folder and the workspace folder. Every file (and the journal) must really
 * stay in both: a symlinked folder on the way (the set's, or an entry inside it) is refused before
 * anything is created, and checked again once the folders exist.
 */
export function writePlan(plan: MigrationPlan, within?: { setRoot: string; workspace: string }): void {
  const undo: (() => void)[] = [];
  const check = (file: string, rel: string) => {
    if (!within) return;
    if (!staysInside(within.setRoot, within.workspace) || !staysInside(file, within.setRoot)) {
      throw new MigrationNameError(`${rel} would be written outside the migration set's folder (to ${realLocation(file)}) through a symbolic link: refused.`);
    }
  };
  for (const f of plan.files) check(f.path, f.relPath);
  if (plan.journalUpdate) check(plan.journalUpdate.path, plan.journalUpdate.path);
  try {
    for (const f of plan.files) {
      undo.push(...makeDirs(path.dirname(f.path)));
      check(f.path, f.relPath);
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
function writeAtomically(file: string, text: string): void {
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
