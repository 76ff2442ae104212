/** What `migration-lens status` runs (its options and help: status.ts). */
import * as path from 'node:path';
import { readFromDisk } from '../layout/set-context';
import { connectReadOnly, LiveError, resolveDatabaseUrl, type LiveDb } from '../live/connection';
import { preflightChecklist } from '../live/checklist';
import { expectedSchemaOn, liveReport, type LiveReport, type LiveSetReport } from '../live/report';
import type { MigrationState } from '../live/status';
import { PreviewSession } from '../preview/host';
import { choiceOption, flag, stringOption, UsageError, type Parsed } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io } from './io';
import { noMigrations } from './empty';
import { commandSets, shownPath } from './preview';
import { TOOL_NAME } from './tool';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

export async function runStatus(parsed: Parsed, io: Io): Promise<number> {
  const format = choiceOption<Format>(parsed, 'format', FORMATS, 'text');
  const timeoutArg = stringOption(parsed, 'timeout');
  const timeout = timeoutArg === undefined ? undefined : Number(timeoutArg);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0 && timeout <= 600_000)) throw new UsageError(`--timeout must be a number of milliseconds between 1 and 600000 (got "${timeoutArg}")`);
  const target = commandSets(parsed, io);
  if (!target) return EXIT_USAGE;
  const { config, root, dir, workspace, sets } = target;
  // The same detection and empty-run message as lint, check and schema (a named folder is a set whatever its name).
  if (sets.length === 0) return noMigrations(io, root, dir, config, false);
  const url = resolveDatabaseUrl({ db: stringOption(parsed, 'db'), env: io.env, dirs: [...new Set([...sets.map((s) => s.root), workspace])] });
  if (!url) {
    io.err(`${TOOL_NAME} status: no database: pass --db postgres://…, set DATABASE_URL, or put DATABASE_URL in a .env file at the workspace root\n`);
    return EXIT_USAGE;
  }
  let db: LiveDb;
  try {
    db = await connectReadOnly(url.url, { statementTimeoutMs: timeout ?? config.live.timeoutMs });
  } catch (e) {
    const from = url.source === '.env' ? `DATABASE_URL in ${shownPath(io, url.file!)}` : url.source;
    io.err(`${TOOL_NAME} status: ${e instanceof LiveError ? e.message : (e as Error).message} (URL from ${from})\n`);
    return EXIT_USAGE;
  }
  const session = flag(parsed, 'drift') ? new PreviewSession() : undefined;
  try {
    const expected = session && expectedSchemaOn((input) => session.run(input), config, readFromDisk, workspace);
    const checklistOf = stringOption(parsed, 'checklist');
    const report = await liveReport(db, sets, { readText: readFromDisk, expected, config, probes: flag(parsed, 'probe') || checklistOf !== undefined });
    if (checklistOf !== undefined) {
      const wanted = path.resolve(io.cwd, checklistOf);
      const pending = report.sets.flatMap((s) => s.pending ?? []);
      const m = pending.find((p) => p.migration === checklistOf || p.path === wanted || path.dirname(p.path) === wanted);
      if (!m) throw new UsageError(`--checklist ${checklistOf}: not a pending migration (pending: ${pending.map((p) => p.migration).join(', ') || 'none'})`);
      io.out(preflightChecklist(m, report.database));
      return EXIT_OK;
    }
    io.out(format === 'json' ? JSON.stringify(shownReport(io, report), null, 2) + '\n' : textReport(io, report));
    return report.sets.some(troubled) ? EXIT_FINDINGS : EXIT_OK;
  } catch (e) {
    io.err(`${TOOL_NAME} status: ${e instanceof LiveError ? e.message : (e as Error).message}\n`);
    return EXIT_USAGE;
  } finally {
    await session?.dispose();
    await db.close();
  }
}

function troubled(s: LiveSetReport): boolean {
  const c = s.status?.counts;
  return !!(c && (c.failed || c.edited || c.missing)) || !!s.problem || !!s.drift?.items.length || !!s.drift?.error
    || !!s.pending?.some((p) => p.probes?.some((r) => r.outcome === 'fail'));
}

const MARK: Record<MigrationState, string> = { applied: '✓', pending: '●', failed: '✗', edited: '⚠', missing: '?' };

function textReport(io: Io, report: LiveReport): string {
  const out: string[] = [`database: ${report.database} (PostgreSQL ${Math.floor(report.serverVersion / 10000)})`];
  for (const s of report.sets) {
    out.push('', `${shownPath(io, s.root)} (${s.convention})${s.history ? `: ${s.history.table}, ${s.history.label}'s history` : ''}`);
    if (s.problem) out.push(`  ${s.problem}`);
    if (s.status) {
      const width = Math.min(60, Math.max(0, ...s.status.migrations.map((m) => m.migration.length)));
      for (const m of s.status.migrations) {
        const when = m.appliedAt ? ` ${m.appliedAt.slice(0, 16)}` : '';
        const note = m.note ? `: ${m.note}` : '';
        out.push(`  ${MARK[m.state]} ${m.migration.padEnd(width)}  ${m.state}${when}${note}`);
        const pending = s.pending?.find((p) => p.path === m.path);
        for (const f of pending?.findings.filter((x) => x.size) ?? []) out.push(`      line ${f.line}: ${f.severity}: ${f.message} [${f.ruleId}]`);
        for (const p of pending?.probes ?? []) out.push(`      line ${m.path ? lineOf(pending!.text, p.start) : 0}: ${p.outcome === 'fail' ? '✗' : p.outcome === 'pass' ? '✓' : '?'} ${p.message}`);
      }
      const c = s.status.counts;
      out.push(`  ${c.applied + c.edited} applied${c.edited ? ` (${c.edited} edited since)` : ''}, ${c.pending} pending, ${c.failed} failed${c.missing ? `, ${c.missing} missing from the files` : ''}`);
    }
    if (s.drift) {
      const upTo = s.drift.upTo ? ` as of ${s.drift.upTo}` : '';
      if (s.drift.error) out.push(`  drift: ${s.drift.error}`);
      else if (!s.drift.items.length) out.push(`  drift: none, the live schema matches the migrations${upTo}`);
      else {
        out.push(`  drift (${s.drift.items.length}) against the migrations${upTo}:`);
        for (const d of s.drift.items) out.push(`    ${d.kind === 'missing' ? '-' : d.kind === 'extra' ? '+' : '~'} ${d.message}${d.migration ? ` (${shownPath(io, d.migration.path)}:${d.migration.line})` : ''}`);
      }
    }
  }
  return out.join('\n') + '\n';
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The report with paths relative to the working directory. */
function shownReport(io: Io, report: LiveReport): unknown {
  return {
    ...report,
    sets: report.sets.map((s) => ({
      ...s,
      root: shownPath(io, s.root),
      status: s.status && { ...s.status, migrations: s.status.migrations.map((m) => ({ ...m, ...(m.path ? { path: shownPath(io, m.path) } : {}) })) },
      pending: s.pending?.map(({ text: _text, ...p }) => ({ ...p, path: shownPath(io, p.path) })),
      drift: s.drift && { ...s.drift, items: s.drift.items.map((d) => ({ ...d, ...(d.migration ? { migration: { ...d.migration, path: shownPath(io, d.migration.path) } } : {}) })) },
    })),
  };
}
