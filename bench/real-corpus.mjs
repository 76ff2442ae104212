// Builds bench/.cache/real-corpus: real PostgreSQL migration histories from public projects, in
// five conventions, copied out of local git snapshots of those repositories (their files are never
// committed here: their licences are theirs). 715 files in all at the commits below.
//
//   node bench/real-corpus.mjs [--mirror DIR]
//
// Each repository is read from `<mirror>/<owner>+<name>/repo` (a bare git directory; the default
// mirror is /work/.mirror, or $LENS_MIRROR), or from `$LENS_REPO_<OWNER>_<NAME>` pointing at any git
// directory holding the commit. Get one with `git clone --bare https://github.com/<owner>/<name>`.
// A repository that is missing or lacks its commit is skipped with a message; the corpus is
// complete only when all five are there (bench/squawk.mjs and the findings test say which ran).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REAL_CORPUS_DIR = resolve('bench/.cache/real-corpus');

/** The histories, pinned: one folder per repository, copied with the files the tool itself reads. */
export const REAL_HISTORIES = [
  // golang-migrate up/down pairs (<n>_<name>.up.sql / .down.sql), 248 files.
  { repo: 'ente-io/ente', commit: 'a621d733154a834f23754e7e874de769be532d9d', paths: ['server/migrations'], convention: 'golang-migrate' },
  // Prisma Migrate (<timestamp>_<name>/migration.sql + migration_lock.toml), 163 migrations.
  { repo: 'documenso/documenso', commit: '75330166cc00b29c14399bc2e391e4b4d8080c00', paths: ['packages/prisma/migrations'], convention: 'prisma' },
  // Drizzle Kit (NNNN_<name>.sql + meta/_journal.json; the snapshots are left out), 187 files.
  { repo: 'Dokploy/dokploy', commit: '772b76821771c53b072c2fbb95cf8876e1a65ae4', paths: ['apps/dokploy/drizzle/*.sql', 'apps/dokploy/drizzle/meta/_journal.json'], convention: 'drizzle' },
  // Supabase CLI (supabase/migrations/<timestamp>_<name>.sql), 54 files.
  { repo: 'supabase/dbdev', commit: '392149113c05bc8708ce89085049bd0c7a0dcbc9', paths: ['supabase/migrations'], convention: 'supabase' },
  // Plain numbered files applied in order by the project's own runner, 63 files.
  { repo: 'supabase/storage', commit: '4fa61fba9371c4bd40cbb81509f07bcb3af21683', paths: ['migrations/tenant'], convention: 'numbered' },
];

export const folderOf = (h) => h.repo.replace('/', '+');

function gitDirOf(h, mirror) {
  const env = process.env[`LENS_REPO_${h.repo.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`];
  return env ?? join(mirror, folderOf(h), 'repo');
}

export function buildRealCorpus({ mirror = process.env.LENS_MIRROR ?? '/work/.mirror', out = REAL_CORPUS_DIR, log = console.log } = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const built = [];
  for (const h of REAL_HISTORIES) {
    const gitDir = gitDirOf(h, mirror);
    const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      if (!existsSync(gitDir)) throw new Error(`${gitDir} does not exist`);
      git('cat-file', '-e', `${h.commit}^{commit}`);
    } catch (e) {
      log(`skipped ${h.repo}: ${e.message.split('\n')[0]}`);
      continue;
    }
    const dest = join(out, folderOf(h));
    mkdirSync(dest, { recursive: true });
    const tar = git('archive', '--format=tar', h.commit, '--', ...h.paths);
    execFileSync('tar', ['-x', '-C', dest], { input: tar });
    const files = execFileSync('find', [dest, '-name', '*.sql'], { encoding: 'utf8' }).trim().split('\n').length;
    built.push({ ...h, files });
    log(`${h.repo}@${h.commit.slice(0, 12)} (${h.convention}): ${files} .sql files`);
  }
  writeFileSync(join(out, 'corpus.json'), JSON.stringify(built, null, 2) + '\n');
  return built;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--mirror');
  const built = buildRealCorpus(i > 0 ? { mirror: process.argv[i + 1] } : {});
  const total = built.reduce((n, h) => n + h.files, 0);
  console.log(`${REAL_CORPUS_DIR}: ${built.length} of ${REAL_HISTORIES.length} histories, ${total} files`);
  if (built.length < REAL_HISTORIES.length) process.exitCode = 1;
}
