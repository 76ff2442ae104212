/**
 * What git says about a migration folder, for the rules that compare with history: which files
 * already exist on the default branch (applied somewhere, so frozen) and which of those were
 * edited since. The base is the merge-base of HEAD with the default branch, so a pull-request
 * branch is compared with what it forked from; without a default branch, HEAD.
 * No git, no repository, a slow repository: undefined, and the rules stay silent.
 *
 * Git is asked once per repository, not once per set or file: four or five short commands
 * (toplevel and HEAD, the default-branch refs, merge-base, one `ls-tree` and one `diff` of the
 * whole tree), in three rounds of commands that do not depend on each other, kept in a GitRepos
 * for a CLI run or one set refresh of the language server. A folder with no `.git` above it
 * spawns nothing. The language server and `lint` fill it with prefetch() (asynchronous: off the
 * typing path; in `lint`, while the parser loads) before they lint the sets.
 */
import { childProcessModule } from '../builtins';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

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
/** The full ref each default-branch guess resolves to, for one `for-each-ref` call. */
const DEFAULT_REFS = ['refs/remotes/origin/HEAD', 'refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];

/** A repository's answer for one base choice, shared by every set and rule under its toplevel. */
interface RepoGit {
  base: string;
  baseRef: string;
  committed: Set<string>;
  edited: Set<string>;
}

/**
 * What git said, per repository: one per CLI run, one per language-server set refresh (which
 * fills it with prefetch(), asynchronously, off the typing path). Without one, a set lint asks
 * for its own set only.
 */
export class GitRepos {
  /** By `<working tree>\0<preferred base>`; undefined: git failed there. */
  private readonly repos = new Map<string, RepoGit | undefined>();
  /** Folder → the working tree holding it (walked up once per folder), or null outside any repository. */
  private readonly roots = new Map<string, string | null>();

  /** `preferredBase` (a ref, e.g. from rule options) wins over the default-branch guess. */
  view(dir: string, preferredBase?: string): GitView | undefined {
    const root = this.workTreeOf(dir);
    if (!root) return undefined;
    const key = `${root}\0${preferredBase ?? ''}`;
    if (!this.repos.has(key)) this.repos.set(key, runSteps(readRepo(root, preferredBase), (args) => runSync(root, args)));
    return viewOf(this.repos.get(key), dir);
  }

  /** Asks git for these folders' repositories without blocking the event loop. */
  async prefetch(dirs: string[], preferredBase?: string): Promise<void> {
    const wanted = new Set(dirs.map((d) => this.workTreeOf(d)).filter((r): r is string => !!r));
    await Promise.all(
      [...wanted].map(async (root) => {
        const key = `${root}\0${preferredBase ?? ''}`;
        if (!this.repos.has(key)) this.repos.set(key, await runStepsAsync(readRepo(root, preferredBase), (args) => runAsync(root, args)));
      }),
    );
  }

  /**
   * The working tree a folder belongs to, by looking for `.git` (a directory, or a file in a
   * worktree or submodule) in it and its parents: no process at all outside a repository.
   */
  private workTreeOf(dir: string): string | undefined {
    const start = resolve(dir);
    if (this.roots.has(start)) return this.roots.get(start) ?? undefined;
    const walked: string[] = [];
    let found: string | null = null;
    for (let d = start; ; d = dirname(d)) {
      if (this.roots.has(d)) {
        found = this.roots.get(d) ?? null;
        break;
      }
      walked.push(d);
      if (existsSync(join(d, '.git'))) {
        found = d;
        break;
      }
      if (dirname(d) === d) break;
    }
    for (const d of walked) this.roots.set(d, found);
    return found ?? undefined;
  }
}

function viewOf(repo: RepoGit | undefined, dir: string): GitView | undefined {
  if (!repo) return undefined;
  // Only the folder's own files count, as with `git ls-tree -- .` run in it.
  const inside = resolve(dir) + sep;
  const within = (p: string) => p.startsWith(inside);
  return {
    base: repo.base,
    baseRef: repo.baseRef,
    isCommitted: (p) => within(p) && repo.committed.has(p),
    isEdited: (p) => within(p) && repo.edited.has(p),
  };
}

/**
 * The commands, as a generator yielding each round of git invocations (independent of each other:
 * the asynchronous path runs a round's commands at the same time) and receiving their outputs
 * (undefined when one failed), so that the synchronous and the asynchronous paths share them.
 * Three rounds for the usual repository: HEAD and the default-branch refs, the merge-base, then
 * the base's files and the working tree's changes.
 */
type Steps = Generator<string[][], RepoGit | undefined, (string | undefined)[]>;

function* readRepo(walked: string, preferredBase: string | undefined): Steps {
  const [head0, refs] = yield [
    ['rev-parse', '--show-toplevel', '--verify', '-q', 'HEAD^{commit}'],
    preferredBase ? ['rev-parse', '--verify', '-q', `${preferredBase}^{commit}`] : ['for-each-ref', '--format=%(refname)', ...DEFAULT_REFS],
  ];
  const top = head0?.trim().split('\n');
  if (!top || top.length < 2) return undefined; // not a work tree, or no commit yet: nothing is frozen
  const [top0, head] = top;
  // Paths are joined to the folder found by walking up (as the caller spells it) unless git's
  // toplevel is elsewhere (a `.git` that is no repository).
  const root = sameDir(walked, top0) ? walked : top0;
  let base = head;
  let baseRef = 'HEAD';
  let candidates: { ref: string; name: string }[];
  if (preferredBase) candidates = refs ? [{ ref: preferredBase, name: preferredBase }] : [];
  else {
    const listed = new Set((refs ?? '').split('\n').filter(Boolean));
    candidates = DEFAULT_REFS.map((ref, i) => ({ ref, name: DEFAULT_BRANCHES[i] })).filter((c) => listed.has(c.ref));
  }
  for (const c of candidates) {
    const [mb] = yield [['merge-base', 'HEAD', c.ref]];
    if (mb?.trim()) {
      base = mb.trim();
      baseRef = c.name;
      break;
    }
  }
  const [listed, diff] = yield [
    ['ls-tree', '-r', '-z', '--name-only', '--full-tree', base],
    ['diff', '--name-status', '-z', '--no-renames', base, '--'],
  ];
  if (listed === undefined || diff === undefined) return undefined;
  const committed = new Set(listed.split('\0').filter(Boolean).map((p) => join(root, p)));
  const edited = new Set<string>();
  const fields = diff.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) if (/^[MT]/.test(fields[i])) edited.add(join(root, fields[i + 1]));
  return { base, baseRef, committed, edited };
}

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function runSteps(steps: Steps, run: (args: string[]) => string | undefined): RepoGit | undefined {
  let next = steps.next([]);
  while (!next.done) next = steps.next(next.value.map(run));
  return next.value;
}

async function runStepsAsync(steps: Steps, run: (args: string[]) => Promise<string | undefined>): Promise<RepoGit | undefined> {
  let next = steps.next([]);
  while (!next.done) next = steps.next(await Promise.all(next.value.map(run)));
  return next.value;
}

const OPTIONS = {
  encoding: 'utf8' as const,
  timeout: TIMEOUT_MS,
  maxBuffer: 64 * 1024 * 1024,
  // Read-only: never take the index lock another git process may hold.
  env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
};

function runSync(cwd: string, args: string[]): string | undefined {
  try {
    return childProcessModule().execFileSync('git', args, { ...OPTIONS, cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

function runAsync(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((done) => {
    childProcessModule().execFile('git', args, { ...OPTIONS, cwd }, (error, stdout) => done(error ? undefined : stdout));
  });
}
