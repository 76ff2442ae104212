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
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planned } from '../planned';
import { parseSqitchPlan, planLine, scriptStem } from '../sqitch-plan';
import type { MigrationFile, MigrationSet } from '../types';
import { byName } from './common';
import type { ConventionModule } from './types';

export const SQITCH_PLAN = 'sqitch.plan';
export const SQITCH_DIRS = ['deploy', 'revert', 'verify'] as const;

/** `deploy/a/b` for `<root>/deploy/a/b.sql`: the folder and the change's script stem. */
function scriptOf(root: string, f: MigrationFile): { dir: string; stem: string } | undefined {
  const rel = f.path.slice(root.length + 1).replace(/\\/g, '/');
  const m = /^(deploy|revert|verify)\/(.+)\.sql$/.exec(rel);
  return m ? { dir: m[1], stem: m[2] } : undefined;
}

export const sqitch: ConventionModule = {
  id: 'sqitch',
  tool: 'sqitch',
  detection: {
    priority: 5,
    claims: (f) => f.exists(SQITCH_PLAN),
    path: /(^|\/)(deploy|revert|verify)\/[^/]+\.sql$/,
    pathPriority: 90,
    emptyFolder: (_dir, exists) => exists(SQITCH_PLAN),
    // Scripts live in deploy/, revert/ and verify/ beside sqitch.plan (detect.ts joins them into one set).
    globs: ['**/deploy/**/*.sql', '**/revert/**/*.sql', '**/verify/**/*.sql'],
    defaultFolder: '.',
    markers: [SQITCH_PLAN],
    describe: '`sqitch.plan` with `deploy/`, `revert/`, `verify/` scripts',
  },
  order: {
    compare: () => byName,
    arrange: ({ root, ups, read, exists }) => {
      const text = read(join(root, SQITCH_PLAN));
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
        const stem = scriptStem(change, (s) => exists(join(root, 'deploy', `${s}.sql`)));
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
    files: (_set, stem) => [
      { rel: `deploy/${stem}.sql`, role: 'up' },
      { rel: `revert/${stem}.sql`, role: 'down' },
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
      const planPath = join(set.root, SQITCH_PLAN);
      const text = io.read(planPath) ?? `%syntax-version=1.0.0\n%project=${projectName(set)}\n\n`;
      const line = planLine(plan.stem, [], io.now, planner(set, text), plan.description ?? '');
      plan.journalUpdate = { path: planPath, newText: `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${line}\n` };
      const project = parseSqitchPlan(text).project ?? projectName(set);
      plan.files.push(planned(set, `verify/${plan.stem}.sql`, 'meta', `-- Verify ${project}:${plan.stem} on pg\n\nBEGIN;\n\n-- XXX Add verifications here.\n\nROLLBACK;\n`));
    },
    describe: '`deploy/`, `revert/`, `verify/` scripts + a `sqitch.plan` line',
  },
  // lib/sqitch-deploy.pod: `--verify` runs each change's verify script after it; lib/App/Sqitch/Target.pm:
  // verify_dir defaults to `$top_dir/verify`, the script being `<change>.<extension>` there.
  verify: (root, file) => {
    const script = scriptOf(root, file);
    return script?.dir === 'deploy' ? join(root, 'verify', `${script.stem}.sql`) : undefined;
  },
  sources: [
    'sqitchers/sqitch:lib/App/Sqitch/Plan.pm',
    'sqitchers/sqitch:lib/App/Sqitch/Plan/Change.pm',
    'sqitchers/sqitch:lib/App/Sqitch/Engine/pg.pm',
    'sqitchers/sqitch:lib/App/Sqitch/Engine/pg.sql',
    'sqitchers/sqitch:etc/templates/deploy/pg.tmpl',
    'sqitchers/sqitch:lib/sqitch-deploy.pod',
  ],
};

function projectOf(set: MigrationSet): string | undefined {
  try {
    return parseSqitchPlan(readFileSync(join(set.root, SQITCH_PLAN), 'utf8')).project;
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
      return execFileSync('git', ['config', key], { cwd: set.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim();
    } catch {
      return '';
    }
  };
  const name = git('user.name');
  const email = git('user.email');
  if (name && email) return `${name} <${email}>`;
  return parseSqitchPlan(planText).changes.at(-1)?.planner ?? 'Migration Lens <migration-lens@localhost>';
}
