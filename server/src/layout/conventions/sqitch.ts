/**
 * sqitch: `sqitch.plan` lists changes in deploy order; each change has `deploy/<name>.sql`,
 * `revert/<name>.sql` and `verify/<name>.sql`. Facts from sqitchers/sqitch:
 * - lib/App/Sqitch/Plan.pm and Plan/Change.pm: plan syntax, dependencies, tags, reworked changes
 *   (`deploy/<name>@<tag>.sql` for the earlier instance), see ../sqitch-plan.ts.
 * - lib/App/Sqitch/Engine/pg.pm `run_file`: each script goes through `psql --file` with
 *   `ON_ERROR_STOP=1` and no `--single-transaction`: sqitch opens no transaction around a script;
 *   etc/templates/deploy/pg.tmpl and revert/pg.tmpl wrap the DDL in `BEGIN; … COMMIT;` themselves,
 *   verify/pg.tmpl in `BEGIN; … ROLLBACK;`.
 * - lib/sqitch-deploy.pod: `--verify` runs each change's verify script after it (`--no-verify` is
 *   the default); `sqitch revert` runs the revert scripts.
 * - lib/App/Sqitch/Engine/pg.sql: registry `sqitch.changes(change_id, script_hash, change,
 *   project, note, committed_at, committer_name, committer_email, planned_at, planner_name,
 *   planner_email)`, with `sqitch.tags`, `sqitch.events`, `sqitch.projects`.
 */
import { childProcessModule } from '../../builtins';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative } from 'node:path';
import { exists, probed } from '../fs-probes';
import { planned } from '../planned';
import { parseSqitchConf, SQITCH_CONF, sqitchLayout, type SqitchLayout } from '../sqitch-conf';
import { parseSqitchPlan, planLine, scriptStem } from '../sqitch-plan';
import type { MigrationFile, MigrationSet } from '../types';
import { byName } from './common';
import type { ConventionModule } from './types';

export const SQITCH_PLAN = 'sqitch.plan';
export const SQITCH_DIRS = ['deploy', 'revert', 'verify'] as const;

/** How far above a plan's folder its sqitch.conf is looked for (sqitch reads it in the folder it runs in). */
const CONF_LEVELS = 3;
const layoutCache = new Map<string, { at: number; layout: SqitchLayout; looked: string[] }>();

/**
 * The plan file and script folders of the sqitch project whose plan lives in `root`: from the
 * nearest sqitch.conf at or above it whose `top_dir` / `plan_file` put the plan there (see
 * ../sqitch-conf.ts), else sqitch's defaults (`sqitch.plan`, `deploy/`, `revert/`, `verify/` in
 * `root`). Cached for a second: detection asks for every file. A cached answer tells the paths
 * it was read from again (fs-probes.ts), as reading them would have.
 */
export function sqitchLayoutAt(root: string): SqitchLayout {
  const hit = layoutCache.get(root);
  if (hit && Date.now() - hit.at < 1000) {
    for (const path of hit.looked) probed(path);
    return hit.layout;
  }
  let layout: SqitchLayout = { topDir: root, plan: join(root, SQITCH_PLAN), deploy: join(root, 'deploy'), revert: join(root, 'revert'), verify: join(root, 'verify') };
  const looked: string[] = [];
  for (let d = root, i = 0; i <= CONF_LEVELS; i++, d = dirname(d)) {
    const conf = join(d, SQITCH_CONF);
    looked.push(conf);
    if (exists(conf)) {
      let text: string | undefined;
      try {
        text = readFileSync(conf, 'utf8');
      } catch {
        text = undefined;
      }
      const found = text === undefined ? undefined : sqitchLayout(d, parseSqitchConf(text));
      if (found && dirname(found.plan) === root) layout = found;
      break;
    }
    if (dirname(d) === d) break;
  }
  layoutCache.set(root, { at: Date.now(), layout, looked });
  if (layoutCache.size > 1000) layoutCache.delete(layoutCache.keys().next().value!);
  return layout;
}

/** `deploy` and `a/b` for `<deploy_dir>/a/b.sql`: the script's folder and the change's script stem. */
function scriptOf(root: string, f: MigrationFile): { dir: 'deploy' | 'revert' | 'verify'; stem: string } | undefined {
  const layout = sqitchLayoutAt(root);
  for (const dir of SQITCH_DIRS) {
    const rel = relative(layout[dir], f.path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel) && /\.sql$/i.test(rel)) return { dir, stem: rel.slice(0, -4).split(/[\\/]/).join('/') };
  }
  return undefined;
}

/** A script folder of the layout, relative to the set's root (`deploy`, or `../sql/up`). */
function relDir(root: string, dir: string): string {
  return relative(root, dir).split(/[\\/]/).join('/') || '.';
}

export const sqitch: ConventionModule = {
  id: 'sqitch',
  tool: 'sqitch',
  detection: {
    priority: 5,
    claims: (f) => f.exists(posix.basename(sqitchLayoutAt(f.root).plan)),
    path: /(^|\/)(deploy|revert|verify)\/[^/]+\.sql$/,
    pathPriority: 90,
    emptyFolder: (_dir, exists) => exists(SQITCH_PLAN),
    // Scripts live in deploy/, revert/ and verify/ beside sqitch.plan (detect.ts joins them into one set).
    globs: ['**/deploy/**/*.sql', '**/revert/**/*.sql', '**/verify/**/*.sql'],
    defaultFolder: '.',
    // sqitch.conf can put the plan under another name or folder (top_dir, plan_file).
    markers: [SQITCH_PLAN, SQITCH_CONF],
    describe: '`sqitch.plan` with `deploy/`, `revert/`, `verify/` scripts, or where `sqitch.conf` puts them (`top_dir`, `plan_file`, `deploy_dir`, `revert_dir`, `verify_dir`)',
  },
  order: {
    compare: () => byName,
    arrange: ({ root, ups, read, exists }) => {
      const layout = sqitchLayoutAt(root);
      const text = read(layout.plan);
      if (text === undefined) return undefined;
      const plan = parseSqitchPlan(text);
      const byScript = new Map<string, MigrationFile>();
      for (const f of ups) {
        const s = scriptOf(root, f);
        if (s) byScript.set(`${s.dir}/${s.stem}`, f);
      }
      const files: MigrationFile[] = [];
      const downs: MigrationFile[] = [];
      const used = new Set<MigrationFile>();
      for (const change of plan.changes) {
        const stem = scriptStem(change, (s) => exists(join(layout.deploy, `${s}.sql`)));
        const deploy = byScript.get(`deploy/${stem}`);
        if (!deploy || used.has(deploy)) continue;
        used.add(deploy);
        files.push(deploy);
        const revert = byScript.get(`revert/${stem}`);
        if (revert) {
          revert.role = 'down';
          revert.upPath = deploy.path;
          deploy.downPath = revert.path;
          used.add(revert);
          downs.push(revert);
        }
      }
      // Verify scripts, and scripts of changes the plan does not list, are never deployed.
      return { files, orphans: ups.filter((f) => !used.has(f)), ordered: true, downs };
    },
    describe: '`sqitch.plan` order (dependencies must be planned first)',
  },
  // psql --file, no --single-transaction: statement by statement unless the script says BEGIN.
  transaction: { mode: 'none', describe: 'none: each script wraps itself in `BEGIN; … COMMIT;`' },
  downs: { kind: 'required', underscoreTwins: false, describe: '`revert/<change>.sql` (and `verify/<change>.sql`)' },
  history: { table: 'sqitch.changes', describe: '`sqitch.changes` (with tags and events)' },
  idempotent: false,
  naming: {
    ids: () => ({ timestamps: false, followExisting: false, firstWidth: 0, firstNumber: 1 }),
    stem: (_set, name) => ({ id: '', stem: name }),
    files: (set, stem) => [
      { rel: posix.join(relDir(set.root, sqitchLayoutAt(set.root).deploy), `${stem}.sql`), role: 'up' },
      { rel: posix.join(relDir(set.root, sqitchLayoutAt(set.root).revert), `${stem}.sql`), role: 'down' },
    ],
    // etc/templates/{deploy,revert}/pg.tmpl.
    content: ({ set, role, stem, header }) => {
      const project = projectName(set);
      return role === 'up'
        ? `-- Deploy ${project}:${stem} to pg\n${header}\nBEGIN;\n\n-- XXX Add DDLs here.\n\nCOMMIT;\n`
        : `-- Revert ${project}:${stem} from pg\n${header}\nBEGIN;\n\n-- XXX Add DDLs here.\n\nCOMMIT;\n`;
    },
    // `sqitch add`: a plan line, and the verify script (etc/templates/verify/pg.tmpl).
    bookkeeping: (set, plan, io) => {
      const planPath = sqitchLayoutAt(set.root).plan;
      const text = io.read(planPath) ?? `%syntax-version=1.0.0\n%project=${projectName(set)}\n\n`;
      const line = planLine(plan.stem, [], io.now, planner(set, text), plan.description ?? '');
      plan.journalUpdate = { path: planPath, newText: `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${line}\n` };
      const project = parseSqitchPlan(text).project ?? projectName(set);
      plan.files.push(planned(set, posix.join(relDir(set.root, sqitchLayoutAt(set.root).verify), `${plan.stem}.sql`), 'meta', `-- Verify ${project}:${plan.stem} on pg\n\nBEGIN;\n\n-- XXX Add verifications here.\n\nROLLBACK;\n`));
    },
    describe: '`deploy/`, `revert/`, `verify/` scripts + a `sqitch.plan` line',
  },
  // lib/sqitch-deploy.pod: `--verify` runs each change's verify script after it; lib/App/Sqitch/Target.pm:
  // verify_dir defaults to `$top_dir/verify`, the script being `<change>.<extension>` there.
  verify: (root, file) => {
    const script = scriptOf(root, file);
    return script?.dir === 'deploy' ? join(sqitchLayoutAt(root).verify, `${script.stem}.sql`) : undefined;
  },
  sources: [
    'sqitchers/sqitch:lib/App/Sqitch/Plan.pm',
    'sqitchers/sqitch:lib/App/Sqitch/Plan/Change.pm',
    'sqitchers/sqitch:lib/App/Sqitch/Engine/pg.pm',
    'sqitchers/sqitch:lib/App/Sqitch/Engine/pg.sql',
    'sqitchers/sqitch:etc/templates/deploy/pg.tmpl',
    'sqitchers/sqitch:lib/sqitch-deploy.pod',
    'sqitchers/sqitch:lib/App/Sqitch/Target.pm',
  ],
};

function projectOf(set: MigrationSet): string | undefined {
  try {
    return parseSqitchPlan(readFileSync(sqitchLayoutAt(set.root).plan, 'utf8')).project;
  } catch {
    return undefined;
  }
}

function projectName(set: MigrationSet): string {
  return projectOf(set) ?? (set.root.split(/[\\/]/).filter(Boolean).at(-1) || 'project');
}

/** Who plans the change: sqitch's SQITCH_FULLNAME/SQITCH_EMAIL, else git's user, else the plan's last planner. */
function planner(set: MigrationSet, planText: string): string {
  const env = process.env;
  if (env.SQITCH_FULLNAME && env.SQITCH_EMAIL) return `${env.SQITCH_FULLNAME} <${env.SQITCH_EMAIL}>`;
  const git = (key: string) => {
    try {
      return childProcessModule().execFileSync('git', ['config', key], { cwd: set.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim();
    } catch {
      return '';
    }
  };
  const name = git('user.name');
  const email = git('user.email');
  if (name && email) return `${name} <${email}>`;
  return parseSqitchPlan(planText).changes.at(-1)?.planner ?? 'Migration Lens <migration-lens@localhost>';
}
