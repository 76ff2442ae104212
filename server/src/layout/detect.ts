/**
 * Finds the migration sets of a workspace folder (several in a monorepo) and classifies each:
 * init-sorted, numbered, Drizzle (journal or drizzle-kit v1 folders), up/down, Prisma, Supabase,
 * or generic. The configuration's `convention` overrides the classification.
 */
import { basename, dirname, isAbsolute, join, posix, relative } from 'node:path';
// `require`, not `import`, as in files.ts: the ESM build breaks the CommonJS bundles (createRequire(import.meta.url)).
import tinyglobby = require('tinyglobby');
import { defaultConfig, type ResolvedConfig } from '../config';
import { migrationMatcher, toPosix } from '../files';
import { classifyFolder, CONVENTIONS, CONVENTION_IDS, type ConventionId } from './conventions';
import { JOURNAL, journalFolderOf } from './conventions/drizzle';
import { boundedWalkFs, checkWalk, readTextFile } from '../limits';
import { SQITCH_DIRS, SQITCH_PLAN, sqitchLayoutAt } from './conventions/sqitch';
import { parseSqitchConf, SQITCH_CONF, sqitchLayout, type SqitchLayout } from './sqitch-conf';
import { flywayConfLocations, flywayTomlLocations } from './flyway-names';
import { parseJournal } from './drizzle-journal';
import { compareCodeUnits, compareDigits, roleOf, splitName, underscoreDownTwin } from './names';
import type { MigrationFile, MigrationSet } from './types';
import { exists, probed } from './fs-probes';

const PRISMA_LOCK = 'migration_lock.toml';
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

/**
 * `within`: scan only this folder under `root`. A folder named on the command line outside the
 * workspace is detected with the file-system root as `root`, so the globs see its full path
 * (`…/migrations/001.sql`) and the conventions its folder names.
 */
export function detectSets(root: string, config: ResolvedConfig = defaultConfig(), within?: string): MigrationSet[] {
  // `sets` name folders of the configuration's workspace, not of a folder outside it.
  const own = within && config.sets.length ? { ...config, sets: [] } : config;
  return setsOf(root, own, scan(root, own, within));
}

/**
 * The sets holding these files, found without walking the whole workspace: a set's files lie in
 * its folder or one level down (Prisma's `<unit>/migration.sql`), so each file's folder (its
 * grandparent for a `migration.sql`) is scanned three levels deep, which sees every file of the
 * set that can hold it. `lint <file>` in a large repository then reads a few folders only.
 */
export function detectSetsHolding(root: string, config: ResolvedConfig, files: string[]): MigrationSet[] {
  // A file of a configured set needs the set's other folders too, and one in a location of a
  // flyway.conf / flyway.toml above its folder is named by that file: those are detected in full.
  const above = new FoldersAbove(root);
  // Asked once per folder: the files of `lint <700 files>` share a few dozen folders.
  const flyway = new Map<string, boolean>();
  const inFlyway = (dir: string) => flyway.get(dir) ?? flyway.set(dir, above.inFlywayLocation(dir)).get(dir)!;
  const sqitchOf = (dir: string) => above.sqitchLayout(dir);
  if (files.some((f) => (config.sets.length && inConfiguredFolder(config, relative(root, f))) || inFlyway(dirname(f)) || inSqitchScripts(f, sqitchOf(dirname(f))))) {
    const all = detectSets(root, config);
    const held = all.filter((s) => [...s.files, ...s.downs, ...s.orphans].some((f) => files.includes(f.path)));
    const rest = files.filter((f) => !held.some((s) => [...s.files, ...s.downs, ...s.orphans].some((m) => m.path === f)));
    if (!rest.length) return held;
    const more = holdingNearby(root, config, rest).filter((s) => !held.some((h) => h.root === s.root));
    return [...held, ...more].sort((a, b) => compareCodeUnits(a.relRoot, b.relRoot));
  }
  return holdingNearby(root, config, files);
}

/** detectSetsHolding's walk of each file's folder (configured sets and Flyway locations aside). */
function holdingNearby(root: string, config: ResolvedConfig, files: string[]): MigrationSet[] {
  const byFolder = new Map<string, Set<string>>();
  for (const f of files) {
    // sqitch's deploy/revert/verify and graphile-migrate's committed/ and current/ belong to the folder above them.
    const folder = isMigrationSql(f) || /^(deploy|revert|verify|committed|current)$/.test(basename(dirname(f))) ? dirname(dirname(f)) : dirname(f);
    byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(f));
  }
  const out = new Map<string, MigrationSet>();
  const unjoined = config.sets.length ? { ...config, sets: [] } : config;
  for (const [folder, targets] of [...byFolder].sort(([a], [b]) => compareCodeUnits(a, b))) {
    for (const set of setsOf(root, unjoined, scan(root, unjoined, folder, true))) {
      if (out.has(set.root)) continue;
      if ([...set.files, ...set.downs, ...set.orphans].some((f) => targets.has(f.path))) out.set(set.root, set);
    }
  }
  return [...out.values()].sort((a, b) => compareCodeUnits(a.relRoot, b.relRoot));
}

function setsOf(root: string, config: ResolvedConfig, found: Scan): MigrationSet[] {
  const folderRoots = new Set<string>();
  for (const rel of found.sql) {
    const unit = posix.dirname(rel);
    const parent = posix.dirname(unit);
    if (isMigrationSql(rel) && unit !== '.' && (found.lockDirs.has(parent) || /^\d/.test(posix.basename(unit)))) folderRoots.add(parent);
  }
  const groups = new Map<string, string[]>();
  const add = (dir: string, rel: string) => groups.set(dir, [...(groups.get(dir) ?? []), rel]);
  for (const rel of found.sql) {
    const unit = posix.dirname(rel);
    const parent = posix.dirname(unit);
    if (isMigrationSql(rel) && folderRoots.has(parent)) add(parent, rel);
    else add(spanningRoot(root, rel, found) ?? unit, rel);
  }
  for (const dir of found.journalDirs) if (!groups.has(dir)) groups.set(dir, []);
  for (const dir of found.planDirs) if (!groups.has(dir)) groups.set(dir, []);
  const forced = config.convention === 'auto' ? undefined : config.convention;
  // Configured sets first: their folders leave the detected groups (a folder is in one set).
  const configured = config.sets.map((entry) => {
    const parts = entry.folders.map((folder) => {
      const key = folder || '.';
      const rels = groups.get(key) ?? [];
      groups.delete(key);
      return { folder, rels, folders: folderRoots.has(key) };
    });
    // The set's convention: configured, else the workspace's, else what the last folder holding files looks like.
    const withFiles = parts.filter((p) => p.rels.length).at(-1) ?? parts.at(-1)!;
    const convention = entry.convention ?? forced ?? classify(root, withFiles.folder, withFiles.rels, withFiles.folders);
    return joinSets(
      parts.map((p) => buildSet(root, p.folder, p.rels, p.folders, convention)),
      entry.name,
      !!(entry.convention ?? forced),
    );
  });
  const detected = [...groups.entries()].map(([dir, rels]) => buildSet(root, dir === '.' ? '' : dir, rels, folderRoots.has(dir), forced));
  return [...configured, ...detected].sort((a, b) => compareCodeUnits(a.relRoot, b.relRoot));
}

/**
 * One set from the sets of several folders applied in this order to one database (`sets` in
 * the configuration): their files one folder after the other, the last folder's root.
 */
function joinSets(parts: MigrationSet[], name: string | undefined, configured: boolean): MigrationSet {
  const last = parts[parts.length - 1];
  const set: MigrationSet = {
    ...last,
    configured,
    files: parts.flatMap((p) => p.files),
    downs: parts.flatMap((p) => p.downs),
    orphans: parts.flatMap((p) => p.orphans),
  };
  const snapshot = last.snapshot ?? parts.find((p) => p.snapshot)?.snapshot;
  if (snapshot) set.snapshot = snapshot;
  if (name !== undefined) set.name = name;
  if (parts.length > 1) set.parts = parts.map((p) => ({ ...p, configured }));
  return set;
}

/** Globs covering the folders of `sets` (each folder is a set whatever its name). */
function setGlobs(config: ResolvedConfig): string[] {
  return config.sets.flatMap((s) =>
    s.folders.flatMap((folder) => {
      const dir = folder ? `${tinyglobby.escapePath(folder)}/` : '';
      return [`${dir}*.sql`, `${dir}*/migration.sql`];
    }),
  );
}

/**
 * What the walks up from files' folders to the workspace folder read on the way, once per folder:
 * the files of `lint <dir>` of 700 files lie in a few hundred folders (one per Prisma migration)
 * whose walks pass the same folders again (each step read two files' existence and normalized two
 * paths: about a third of set detection's CPU on the real-history corpus, CPU profile).
 */
class FoldersAbove {
  private readonly last = new Map<string, boolean>();
  private readonly flyway = new Map<string, string[]>();
  private readonly sqitch = new Map<string, SqitchLayout | undefined>();

  constructor(private readonly root: string) {}

  /** Whether a flyway.conf / flyway.toml between `dir` and the workspace folder names a location holding `dir`. */
  inFlywayLocation(dir: string): boolean {
    for (let d = dir; ; d = dirname(d)) {
      if (this.flywayLocations(d).some((loc) => {
        const rel = relative(loc, dir);
        return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
      })) return true;
      if (this.isLast(d)) return false;
    }
  }

  /** The layout of the nearest sqitch.conf between `dir` and the workspace folder, if any. */
  sqitchLayout(dir: string): SqitchLayout | undefined {
    if (this.sqitch.has(dir)) return this.sqitch.get(dir);
    const text = readIfThere(join(dir, SQITCH_CONF));
    const layout = text !== undefined ? sqitchLayout(dir, parseSqitchConf(text)) : this.isLast(dir) ? undefined : this.sqitchLayout(dirname(dir));
    this.sqitch.set(dir, layout);
    return layout;
  }

  /** Where the walk up ends: the workspace folder, the file-system root, or any folder outside the workspace. */
  private isLast(d: string): boolean {
    let last = this.last.get(d);
    if (last === undefined) this.last.set(d, (last = d === this.root || dirname(d) === d || relative(this.root, d).startsWith('..')));
    return last;
  }

  /** The locations (absolute) that a flyway.conf or flyway.toml in this folder names. */
  private flywayLocations(d: string): string[] {
    let locations = this.flyway.get(d);
    if (!locations) {
      locations = [];
      for (const name of ['flyway.conf', 'flyway.toml']) {
        const text = readIfThere(join(d, name));
        if (text !== undefined) for (const loc of (name.endsWith('.toml') ? flywayTomlLocations(text) : flywayConfLocations(text)) ?? []) locations.push(join(d, loc));
      }
      this.flyway.set(d, locations);
    }
    return locations;
  }
}

function readIfThere(file: string): string | undefined {
  return exists(file) ? readText(file) : undefined;
}

/** Whether the nearest sqitch.conf above the file (its layout) names a script folder (deploy_dir…) holding it. */
function inSqitchScripts(file: string, layout: SqitchLayout | undefined): boolean {
  return !!layout && [layout.deploy, layout.revert, layout.verify].some((dir) => {
    const rel = relative(dir, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}

function inConfiguredFolder(config: ResolvedConfig, rel: string): boolean {
  const dir = posix.dirname(toPosix(rel));
  const folders = new Set(config.sets.flatMap((s) => s.folders.map((f) => f || '.')));
  return folders.has(dir) || folders.has(posix.dirname(dir));
}

/** An empty set for a folder that has no migrations yet (the first migration of a new set). */
export function emptySet(workspaceRoot: string, convention: ConventionId, relRoot = DEFAULT_FOLDERS[convention]): MigrationSet {
  const root = join(workspaceRoot, relRoot);
  const set: MigrationSet = { root, relRoot, convention, configured: true, folders: convention === 'prisma', files: [], downs: [], orphans: [] };
  if (convention === 'drizzle' && exists(join(root, JOURNAL))) set.journal = parseJournal(join(root, JOURNAL), readText(join(root, JOURNAL)), () => undefined);
  if (convention === 'prisma' && exists(join(root, PRISMA_LOCK))) set.lockFile = join(root, PRISMA_LOCK);
  return set;
}

/** Where each convention keeps its migrations by default, relative to the workspace folder. */
export const DEFAULT_FOLDERS = Object.fromEntries(CONVENTION_IDS.map((id) => [id, CONVENTIONS[id].detection.defaultFolder])) as Record<ConventionId, string>;

interface Scan {
  sql: string[];
  journalDirs: Set<string>;
  lockDirs: Set<string>;
  /** Folders holding a `sqitch.plan` (its deploy/, revert/ and verify/ scripts are one set). */
  planDirs: Set<string>;
  /** Flyway locations named in `flyway.conf` / `flyway.toml` (scanned recursively, one set each). */
  flywayDirs: Set<string>;
}

/**
 * The set folder of a file whose runner reads several folders as one set: sqitch's
 * `deploy/`, `revert/`, `verify/` beside `sqitch.plan`; graphile-migrate's `committed/` and
 * `current.sql`; a Flyway location, scanned recursively (sub-folders are one set).
 */
function spanningRoot(root: string, rel: string, found: Scan): string | undefined {
  // A script in the deploy, revert or verify folder sqitch.conf gives a plan (deploy_dir…).
  for (const plan of found.planDirs) {
    const layout = sqitchLayoutAt(join(root, plan));
    const inside = [layout.deploy, layout.revert, layout.verify].some((dir) => {
      const r = relative(dir, join(root, rel));
      return r !== '' && !r.startsWith('..') && !isAbsolute(r);
    });
    if (inside) return plan;
  }
  const parts = rel.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    const top = parts.slice(0, i).join('/') || '.';
    if (/^(deploy|revert|verify)$/.test(parts[i]) && found.planDirs.has(top)) return top;
  }
  const dir = posix.dirname(rel);
  if (posix.basename(dir) === 'committed' || posix.basename(dir) === 'current') {
    const parent = posix.dirname(dir);
    const sibling = posix.basename(dir) === 'committed' ? 'current.sql' : 'committed';
    if (exists(join(root, parent, sibling)) || (posix.basename(dir) === 'committed' && exists(join(root, parent, 'current')))) return parent;
  }
  if (posix.basename(rel) === 'current.sql' && exists(join(root, dir, 'committed'))) return dir;
  // Every script under a location named in flyway.conf / flyway.toml (its names may use the
  // prefixes and separator configured there); default names under a `db/migration` folder.
  const defaultName = /^(V\d|U\d|R__)/.test(posix.basename(rel));
  for (let d = dir; d !== '.' && d !== ''; d = posix.dirname(d)) {
    if (found.flywayDirs.has(d) || (defaultName && /(^|\/)db\/migration$/.test(d))) return d;
  }
  return undefined;
}

function scan(root: string, config: ResolvedConfig, within?: string, shallow = false): Scan {
  const ignore = [...ALWAYS_EXCLUDED, ...config.exclude];
  const list = (patterns: string[], cwd = root) => {
    const bounded = boundedWalkFs(cwd);
    const fs = { ...bounded.fs, readdirSync: ((dir: string, opts: never) => (probed(dir), bounded.fs.readdirSync(dir, opts))) as typeof bounded.fs.readdirSync };
    let found: string[];
    try {
      found = tinyglobby.globSync(patterns, { cwd, ignore, followSymbolicLinks: false, expandDirectories: false, fs });
    } catch {
      return []; // a missing or unreadable folder holds no migrations
    }
    checkWalk(bounded.exceeded(), 'Detecting migration sets');
    return found;
  };
  // Paths stay relative to root; with `within`, only that folder is walked.
  const prefix = within ? toPosix(relative(root, within)) : '';
  const listUnder = (patterns: string[]) => (within ? list(patterns, within).map((p) => posix.join(prefix, p)) : list(patterns));
  const markerGlobs = MARKERS.map((name) => `**/${name}`);
  const isMigration = within ? migrationMatcher(config) : undefined;
  // Within a folder, its markers and its .sql files come from one walk (no marker ends in .sql):
  // a walk of a 163-migration Prisma folder costs about 15 ms, at every one-file lint. The
  // shallow walk (its folder and two levels down) takes every entry and keeps the .sql files and
  // the markers one level down at most: three patterns for tinyglobby to compile and match
  // instead of fifteen, for the same folders read.
  const walked = shallow && within
    ? list(['*', '*/*', '*/*/*'], within).filter((p) => p.endsWith('.sql') || isShallowMarker(p)).map((p) => posix.join(prefix, p))
    : listUnder(isMigration ? [...markerGlobs, '**/*.sql'] : markerGlobs);
  const markers = isMigration ? walked.filter((p) => !p.endsWith('.sql')) : walked;
  const journalDirs = new Set(markers.flatMap((m) => journalFolderOf(m) ?? []));
  const lockDirs = new Set(markers.filter((m) => m.endsWith(PRISMA_LOCK)).map((m) => posix.dirname(m)));
  const planDirs = new Set(markers.filter((m) => posix.basename(m) === SQITCH_PLAN).map((m) => posix.dirname(m)));
  // sqitch.conf's top_dir / plan_file put the plan elsewhere, under any name (lib/App/Sqitch/Target.pm).
  for (const m of markers.filter((x) => posix.basename(x) === SQITCH_CONF)) {
    const text = readText(join(root, m));
    const plan = text === undefined ? undefined : sqitchLayout(join(root, posix.dirname(m)), parseSqitchConf(text)).plan;
    const rel = plan === undefined ? undefined : toPosix(relative(root, plan));
    if (rel !== undefined && !rel.startsWith('..') && !posix.isAbsolute(rel) && exists(plan!)) planDirs.add(posix.dirname(rel));
  }
  const flywayDirs = new Set<string>();
  for (const m of markers.filter((x) => /(^|\/)flyway\.(conf|toml)$/.test(x))) {
    const text = readText(join(root, m));
    const locations = text === undefined ? undefined : m.endsWith('.toml') ? flywayTomlLocations(text) : flywayConfLocations(text);
    for (const loc of locations ?? []) {
      if (posix.isAbsolute(loc) || loc.split('/').includes('..')) continue; // outside the workspace
      flywayDirs.add(posix.normalize(posix.join(posix.dirname(m), loc)).replace(/\/$/, ''));
    }
  }
  const candidates = isMigration ? walked.filter((p) => p.endsWith('.sql') && isMigration(p)) : list([...config.migrations, ...setGlobs(config)]);
  const sql = new Set(candidates.filter((p) => /\.sql$/i.test(p)));
  // A Drizzle journal marks its folder as migrations even where the globs do not reach (`drizzle/` is drizzle-kit's default).
  for (const dir of journalDirs) for (const f of list(['*.sql'], join(root, dir))) sql.add(dir === '.' ? f : `${dir}/${f}`);
  // A sqitch plan marks its scripts, and a Flyway configuration its locations, wherever they are.
  for (const dir of planDirs) {
    const layout = sqitchLayoutAt(join(root, dir));
    for (const kind of SQITCH_DIRS) {
      const scripts = toPosix(relative(root, layout[kind]));
      if (scripts.startsWith('..') || posix.isAbsolute(scripts)) continue; // outside the workspace
      for (const f of list(['**/*.sql'], layout[kind])) sql.add(scripts === '' ? f : `${scripts}/${f}`);
    }
  }
  for (const dir of flywayDirs) for (const f of list(['**/*.sql'], join(root, dir))) sql.add(dir === '.' ? f : `${dir}/${f}`);
  return { sql: [...sql], journalDirs, lockDirs, planDirs, flywayDirs };
}

/** The files whose folder they mark (a Drizzle journal, Prisma's lock, sqitch's plan and configuration, Flyway's configuration). */
const MARKERS = [JOURNAL, PRISMA_LOCK, SQITCH_PLAN, SQITCH_CONF, 'flyway.conf', 'flyway.toml'];

/** A marker in the folder of a shallow walk or one level down (`rel` relative to that folder). */
function isShallowMarker(rel: string): boolean {
  return MARKERS.some((name) => rel === name || (rel.endsWith(`/${name}`) && !rel.slice(0, -name.length - 1).includes('/')));
}

function isMigrationSql(rel: string): boolean {
  return /(^|[/\\])migration\.sql$/i.test(rel);
}

function buildSet(workspace: string, relRoot: string, rels: string[], folders: boolean, forced?: ConventionId): MigrationSet {
  const root = join(workspace, relRoot);
  const convention = forced ?? classify(workspace, relRoot, rels, folders);
  const module = CONVENTIONS[convention];
  const set: MigrationSet = { root, relRoot, convention, configured: !!forced, folders, files: [], downs: [], orphans: [] };
  const units = rels.map((rel) => toFile(workspace, rel, folders));
  pairDowns(units, convention);
  let ups = units.filter((f) => f.role === 'up');
  set.downs = units.filter((f) => f.role === 'down');

  const arranged = module.order.arrange?.({ root, folders, ups, read: readText, exists });
  if (arranged) {
    ups = arranged.files;
    set.orphans = arranged.orphans;
    if (arranged.journal) set.journal = arranged.journal;
    if (arranged.downs) set.downs = arranged.downs;
  }
  if (!arranged?.ordered) ups.sort(module.order.compare(folders));
  set.files = ups;
  const rank = new Map(ups.map((f, i) => [f.path, i]));
  set.downs.sort((a, b) => (rank.get(a.upPath ?? '') ?? Infinity) - (rank.get(b.upPath ?? '') ?? Infinity) || compareCodeUnits(a.stem, b.stem));

  const snapshot = module.snapshot?.(root, exists);
  if (snapshot) set.snapshot = snapshot;
  if (exists(join(root, PRISMA_LOCK))) set.lockFile = join(root, PRISMA_LOCK);
  return set;
}

function classify(workspace: string, relRoot: string, rels: string[], folders: boolean): ConventionId {
  const root = join(workspace, relRoot);
  const names = rels.map((r) => posix.basename(folders ? posix.dirname(r) : r));
  return classifyFolder({
    workspace,
    root,
    relRoot,
    dir: `/${relRoot}`.toLowerCase(),
    rels,
    names,
    folders,
    exists: (rel) => exists(join(root, rel)),
    read: (rel) => readText(join(root, rel)),
  });
}

function toFile(workspace: string, rel: string, folders: boolean): MigrationFile {
  const unitName = folders ? posix.basename(posix.dirname(rel)) : posix.basename(rel);
  const { role, stem } = folders ? { role: 'up' as const, stem: unitName } : roleOf(unitName);
  const parts = splitName(stem);
  return { path: join(workspace, rel), relPath: rel, id: parts.id, number: parts.number, name: parts.name, stem, role };
}

/** Links up and down twins: `x.up.sql`/`x.down.sql` always; `x.sql`/`x_down.sql` where downs are optional. */
function pairDowns(units: MigrationFile[], convention: ConventionId): void {
  const byStem = new Map<string, MigrationFile>();
  for (const f of units) if (f.role === 'up') byStem.set(f.stem, f);
  for (const f of units) {
    if (f.role === 'down') {
      const up = byStem.get(f.stem);
      if (up) link(up, f);
    }
  }
  const downs = CONVENTIONS[convention].downs;
  if (downs.pairBy === 'version') pairByVersion(units);
  if (!downs.underscoreTwins) return;
  for (const f of units) {
    const upStem = f.role === 'up' ? underscoreDownTwin(f.stem) : undefined;
    const up = upStem === undefined ? undefined : byStem.get(upStem);
    // `010_shut_down.sql` without a `010_shut.sql` is an up file that happens to end in "down".
    if (up && !up.downPath) {
      f.role = 'down';
      f.name = splitName(upStem!).name;
      link(up, f);
    }
  }
}

/**
 * A down file whose title differs from its up file's pairs by version number (`30_drop_x.up.sql`
 * with `30_revert_x.down.sql`); never when several up files share the version (the runner
 * refuses those, and a guess could pair the wrong ones).
 */
function pairByVersion(units: MigrationFile[]): void {
  for (const down of units) {
    if (down.role !== 'down' || down.upPath || !down.id) continue;
    const ups = units.filter((u) => u.role === 'up' && u.id && compareDigits(u.id, down.id) === 0);
    const downsOfVersion = units.filter((d) => d.role === 'down' && d.id && compareDigits(d.id, down.id) === 0);
    if (ups.length === 1 && !ups[0].downPath && downsOfVersion.length === 1) link(ups[0], down);
  }
}

function link(up: MigrationFile, down: MigrationFile): void {
  up.downPath = down.path;
  down.upPath = up.path;
}

function readText(path: string): string | undefined {
  probed(path);
  return readTextFile(path, MAX_JOURNAL_BYTES);
}

/** A Drizzle journal lists one entry per migration: a few KB; 16 MB is far beyond any real one. */
const MAX_JOURNAL_BYTES = 16 * 1024 * 1024;
