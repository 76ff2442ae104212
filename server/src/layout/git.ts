/**
 * What git says about a migration folder, for the rules that compare with history: which files
 * already exist on the default branch (applied somewhere, so frozen) and which of those were
 * edited since. The base is the merge-base of HEAD with the default branch, so a pull-request
 * branch is compared with what it forked from; without a default branch, HEAD.
 * No git, no repository, a slow repository: undefined, and the rules stay silent.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface GitView {
  /** The commit compared with, and the ref it came from (e.g. `origin/main`, `HEAD`). */
  base: string;
  baseRef: string;
  /** The file exists in the base commit. */
  isCommitted(path: string): boolean;
  /** The file exists in the base commit and its working-tree content differs from it. */
  isEdited(path: string): boolean;
}

const TIMEOUT_MS = 3000;
/** Tried in order; the first that exists is the default branch. */
const DEFAULT_BRANCHES = ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master'];

/** `preferredBase` (a ref, e.g. from rule options) wins over the default-branch guess. */
export function gitView(dir: string, preferredBase?: string): GitView | undefined {
  const git = (...args: string[]) => run(dir, args);
  if (git('rev-parse', '--is-inside-work-tree')?.trim() !== 'true') return undefined;
  const head = git('rev-parse', '--verify', '-q', 'HEAD^{commit}')?.trim();
  if (!head) return undefined; // no commit yet: nothing is frozen
  let base = head;
  let baseRef = 'HEAD';
  for (const ref of preferredBase ? [preferredBase] : DEFAULT_BRANCHES) {
    if (!git('rev-parse', '--verify', '-q', `${ref}^{commit}`)) continue;
    const mb = git('merge-base', 'HEAD', ref)?.trim();
    if (mb) {
      base = mb;
      baseRef = ref;
      break;
    }
  }
  const listed = git('ls-tree', '-r', '-z', '--name-only', base, '--', '.');
  const diff = git('diff', '--name-status', '-z', '--no-renames', '--relative', base, '--', '.');
  if (listed === undefined || diff === undefined) return undefined;
  const committed = new Set(listed.split('\0').filter(Boolean).map((p) => join(dir, p)));
  const edited = new Set<string>();
  const fields = diff.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) if (/^[MT]/.test(fields[i])) edited.add(join(dir, fields[i + 1]));
  return { base, baseRef, isCommitted: (p) => committed.has(p), isEdited: (p) => edited.has(p) };
}

function run(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
      // Read-only: never take the index lock another git process may hold.
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch {
    return undefined;
  }
}
