/** `migration-lens schema [dir]`: the schema the migrations produce, applied to an in-process PostgreSQL (PGlite). */
import { schemaToSql, schemaToTree } from '../preview/render';
import type { SchemaModel } from '../preview/schema-model';
import type { MigrationSet } from '../layout/types';
import { choiceOption, flag, type OptionSpec, type Parsed, type Command } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io } from './io';
import { CONFIG_OPTION } from './load-config';
import { commandSets, formatApplyError, formatNote, previewSet, shownSet, withShownOrigins, type SetRun } from './preview';
import { ALLOW_EMPTY_OPTION, noMigrations } from './empty';
import { TOOL_NAME } from './tool';

const FORMATS = ['tree', 'json', 'sql'] as const;
type Format = (typeof FORMATS)[number];

const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', value: 'format', description: 'tree (default), json (the schema model) or sql (DDL).' },
  { name: 'set', type: 'string', value: 'folder', description: 'Only the migration set in this folder (when several are found).' },
  { name: 'origins', type: 'boolean', description: 'tree: show the file and line that created or last changed each object.' },
  CONFIG_OPTION,
  ALLOW_EMPTY_OPTION,
];

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Apply the migrations to an in-process PostgreSQL and print the resulting schema.',
  usage: '[options] [dir]',
  details: [
    'Detects the migration sets under dir (default: the workspace root), applies each in its',
    "runner's order and transaction mode to PGlite (PostgreSQL 18 in WebAssembly; no server",
    'needed) and prints the schema. Several sets are printed one after the other, each labelled.',
    'An apply error is printed as file:line:col with PostgreSQL\'s detail and hint; the schema',
    'shown is then the one as of the last good file.',
    '',
    'Exit status: 0 applied, 1 an apply error, 2 usage, configuration or I/O error, or no migrations (unless --allow-empty).',
  ].join('\n'),
  options: OPTIONS,
  run: runSchema,
};

async function runSchema(parsed: Parsed, io: Io): Promise<number> {
  const format = choiceOption<Format>(parsed, 'format', FORMATS, 'tree');
  const target = commandSets(parsed, io);
  if (!target) return EXIT_USAGE;
  const { config, root, dir, workspace, sets } = target;
  if (sets.length === 0) return noMigrations(io, root, dir, config, flag(parsed, 'allow-empty'));

  const runs: SetRun[] = [];
  for (const set of sets) runs.push(await previewSet(set, config, workspace));
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
