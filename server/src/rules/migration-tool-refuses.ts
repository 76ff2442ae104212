import { basename, dirname, join, posix, relative } from 'node:path';
import { lex } from '../parse/lexer';
import { sqitchLayoutAt } from '../layout/conventions/sqitch';
import { flywayNamingAt } from '../layout/conventions/flyway';
import { flywayMixed, flywayScriptMode, parseFlywayName, scriptConfigTransaction } from '../layout/flyway-names';
import { checkGraphileChain, parseGraphileMigration } from '../layout/graphile-header';
import { gooseCuts, splitDbmate, splitGoose } from '../layout/sections';
import { label, onFile } from '../layout/set-report';
import { parseSqitchPlan, scriptStem } from '../layout/sqitch-plan';
import type { MigrationSet } from '../layout/types';
import { defineRule, type SetReport, type SetRuleContext } from './types';

/**
 * What the set's own migration tool refuses, or sends to PostgreSQL broken, before any SQL
 * runs: each check follows the tool's source (cited in the layout modules it calls).
 */
export default defineRule({
  id: 'migration-tool-refuses',
  category: 'layout',
  defaultSeverity: 'error',
  docs: {
    summary: 'The migration tool would refuse this migration, or send it to PostgreSQL cut in pieces.',
    why:
      'Each runner reads its files its own way before PostgreSQL sees them. Flyway refuses a script that mixes statements it runs in a transaction with ones it cannot (CREATE INDEX CONCURRENTLY, VACUUM). goose ends a statement at every line ending in `;`, so a function body without `-- +goose StatementBegin`/`StatementEnd` reaches the database in broken pieces; it also needs `-- +goose Up` first. dbmate needs a `-- migrate:up` and a `-- migrate:down` block. sqitch refuses a plan whose changes require changes planned later, and cannot deploy a change without its script. graphile-migrate refuses a committed migration whose `--! Previous`/`--! Hash` headers do not chain or whose body no longer matches its hash. The SQL may be fine: the deploy still fails.',
    instead:
      'Fix what the message names: move CONCURRENTLY to its own Flyway script (or set `executeInTransaction=false` in the script\'s `.conf`); surround PL/pgSQL bodies with `-- +goose StatementBegin` / `-- +goose StatementEnd`; add the missing section marker; order the sqitch plan so required changes come first; never edit a committed graphile-migrate migration (write the fix in `current.sql`).',
    bad: 'db/migration/V1__init.sql: CREATE TABLE t (a int);\ndb/migration/V2__index_t.sql: UPDATE t SET a = 0 WHERE a IS NULL; CREATE INDEX CONCURRENTLY t_a_idx ON t (a);',
    good: 'db/migration/V1__init.sql: CREATE TABLE t (a int);\ndb/migration/V2__backfill_t.sql: UPDATE t SET a = 0 WHERE a IS NULL;\ndb/migration/V3__index_t.sql: CREATE INDEX CONCURRENTLY t_a_idx ON t (a);',
  },
  checkSet(set, ctx) {
    switch (set.convention) {
      case 'flyway':
        return flyway(set, ctx);
      case 'goose':
        return goose(set, ctx);
      case 'dbmate':
        return set.files.flatMap((f) => {
          const text = ctx.readText(f.path);
          return text === undefined ? [] : splitDbmate(text).problems.map((p) => ({ path: f.path, start: p.start, end: p.end, message: p.message }));
        });
      case 'sqitch':
        return sqitch(set, ctx);
      case 'graphile-migrate':
        return graphile(set, ctx);
      default:
        return [];
    }
  },
});

/** `mixed=true` in a flyway.conf or flyway.toml of the set's folder or one above it (up to the workspace's usual depth). */
function mixedAllowed(set: MigrationSet, ctx: SetRuleContext): boolean {
  let dir = set.root;
  for (let i = 0; i <= set.relRoot.split('/').length; i++) {
    for (const name of ['flyway.conf', 'flyway.toml']) {
      const text = ctx.readText(join(dir, name));
      if (text !== undefined && flywayMixed(text)) return true;
    }
    dir = dirname(dir);
  }
  return false;
}

function flyway(set: MigrationSet, ctx: SetRuleContext): SetReport[] {
  const out: SetReport[] = [];
  const mixed = mixedAllowed(set, ctx);
  for (const f of set.files) {
    const text = ctx.readText(f.path);
    if (text === undefined) continue;
    const conf = ctx.readText(`${f.path}.conf`);
    const segments = lex(text).segments;
    const mode = flywayScriptMode(segments.map((s) => text.slice(s.start, s.end)), conf === undefined ? undefined : scriptConfigTransaction(conf), mixed);
    if (mode.mixedAt === undefined) continue;
    const s = segments[mode.mixedAt];
    out.push({
      path: f.path,
      start: s.start,
      end: s.end,
      message: `Flyway refuses ${label(f)}: it mixes statements it runs in a transaction with one it cannot ("Detected both transactional and non-transactional statements within the same migration"). Move this statement to its own script, or set executeInTransaction=false in ${basename(f.path)}.conf.`,
    });
  }
  for (const f of set.orphans) {
    const r = parseFlywayName(posix.basename(f.relPath), flywayNamingAt(set.root));
    if (r && 'error' in r) out.push(onFile(ctx, f.path, `Flyway cannot read this name: ${r.error}.`));
  }
  return out;
}

function goose(set: MigrationSet, ctx: SetRuleContext): SetReport[] {
  const out: SetReport[] = [];
  for (const f of set.files) {
    const text = ctx.readText(f.path);
    if (text === undefined) continue;
    const split = splitGoose(text);
    for (const p of split.problems) out.push({ path: f.path, start: p.start, end: p.end, message: p.message });
    const parsed = ctx.parse(f.path);
    if (!parsed || split.problems.length) continue;
    for (const cut of gooseCuts(split, parsed.statements)) {
      const line = text.slice(0, cut.cutAt).split('\n').length;
      out.push({
        path: f.path,
        start: cut.start,
        end: cut.end,
        message: `goose ends this statement at line ${line} (a line ending in ";") and sends the rest as another statement: surround it with -- +goose StatementBegin and -- +goose StatementEnd.`,
      });
    }
  }
  return out;
}

function sqitch(set: MigrationSet, ctx: SetRuleContext): SetReport[] {
  const layout = sqitchLayoutAt(set.root);
  const planPath = layout.plan;
  const text = ctx.readText(planPath);
  if (text === undefined) return [];
  const plan = parseSqitchPlan(text);
  const out: SetReport[] = plan.problems.map((p) => ({ path: planPath, start: p.start, end: p.end, message: `sqitch refuses the plan: ${p.message}.` }));
  for (const change of plan.changes) {
    const stem = scriptStem(change, (s) => ctx.readText(join(layout.deploy, `${s}.sql`)) !== undefined);
    if (ctx.readText(join(layout.deploy, `${stem}.sql`)) === undefined) {
      out.push({ path: planPath, start: change.start, end: change.end, message: `${relative(dirname(planPath), join(layout.deploy, `${stem}.sql`)).split(/[\\/]/).join('/')} does not exist: sqitch deploy fails at change "${change.name}".` });
    }
  }
  return out;
}

function graphile(set: MigrationSet, ctx: SetRuleContext): SetReport[] {
  const committed = set.files.filter((f) => /(^|\/)committed\//.test(f.relPath));
  const out: SetReport[] = [];
  const links: Array<{ name: string; text: string; path: string }> = [];
  for (const f of committed) {
    const text = ctx.readText(f.path);
    if (text === undefined) continue;
    for (const p of parseGraphileMigration(text, true).problems) out.push({ path: f.path, start: p.start, end: p.end, message: `${label(f)}: ${p.message}.` });
    links.push({ name: label(f), text, path: f.path });
  }
  for (const p of checkGraphileChain(links)) {
    const f = links.find((l) => l.name === p.name)!;
    out.push({ path: f.path, start: p.start, end: p.end, message: `graphile-migrate refuses ${p.name}: ${p.message}.` });
  }
  return out;
}
