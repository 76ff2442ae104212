/** `migration-lens schema [dir]`: the schema the migrations produce, applied to an in-process PostgreSQL (PGlite). */
import type { Command, OptionSpec } from './args';
import { ALLOW_EMPTY_OPTION, CONFIG_OPTION } from './shared-options';

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
  run: async (parsed, io) => (await import('./schema-run')).runSchema(parsed, io),
};
