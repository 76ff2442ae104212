/** What `migration-lens schema` runs (its options and help: schema.ts). */
import { schemaToSql, schemaToTree } from '../preview/render';
import type { SchemaModel } from '../preview/schema-model';
import type { MigrationSet } from '../layout/types';
import { choiceOption, flag, type Parsed } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io } from './io';
import { oneShotSession } from '../preview/host';
import { commandSets, formatApplyError, formatNote, previewSet, shownSet, withShownOrigins, type SetRun } from './preview';
import { noMigrations } from './empty';
import { TOOL_NAME } from './tool';

const FORMATS = ['tree', 'json', 'sql'] as const;
type Format = (typeof FORMATS)[number];

export async function runSchema(parsed: Parsed, io: Io): Promise<number> {
  const format = choiceOption<Format>(parsed, 'format', FORMATS, 'tree');
  // Each set is previewed in a fresh worker; the first one starts now, while the sets are detected.
  let session = oneShotSession();
  const runs: SetRun[] = [];
  try {
    const target = commandSets(parsed, io);
    if (!target) return EXIT_USAGE;
    const { config, root, dir, workspace, sets } = target;
    if (sets.length === 0) return noMigrations(io, root, dir, config, flag(parsed, 'allow-empty'));
    for (const set of sets) {
      if (runs.length > 0) {
        await session.dispose();
        session = oneShotSession();
      }
      runs.push(await previewSet(set, config, workspace, session));
    }
  } finally {
    await session.dispose();
  }
  let failed = false;
  for (const run of runs) {
    if ('problem' in run) {
      io.err(`${TOOL_NAME}: ${shownSet(io, run.set)}: ${run.problem}\n`);
      failed = true;
      continue;
    }
    for (const n of run.result.notes) io.err(formatNote(io, n));
    if (run.result.error) {
      io.err(formatApplyError(io, run.result.error));
      failed = true;
    }
  }
  const shown = runs.flatMap((r) => ('result' in r ? [{ set: r.set, schema: withShownOrigins(io, r.result.schema) }] : []));
  io.out(render(format, shown, io, flag(parsed, 'origins')));
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

function render(format: Format, shown: { set: Pick<MigrationSet, 'root' | 'name' | 'parts' | 'convention'>; schema: SchemaModel }[], io: Io, origins: boolean): string {
  // One set prints as itself; several get a label each (a JSON array of { set, convention, schema }).
  if (format === 'json') {
    const value = shown.length === 1 ? shown[0].schema : shown.map((s) => ({ set: shownSet(io, s.set), convention: s.set.convention, schema: s.schema }));
    return JSON.stringify(value, null, 2) + '\n';
  }
  const one = (schema: SchemaModel) => (format === 'sql' ? schemaToSql(schema) : schemaToTree(schema, { origins }));
  if (shown.length === 1) return one(shown[0].schema);
  const label = (s: (typeof shown)[number]) => `${shownSet(io, s.set)} (${s.set.convention})`;
  return shown.map((s) => (format === 'sql' ? `-- migration set: ${label(s)}\n\n` : `== ${label(s)}\n`) + one(s.schema)).join('\n');
}
