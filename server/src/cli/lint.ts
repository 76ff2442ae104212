/** `migration-lens lint [paths or globs...]`: the editor's diagnostics, for CI and the terminal. */
import { CONFIG_FILE_NAME } from '../config-model';
import type { Command, OptionSpec } from './args';
import { ALLOW_EMPTY_OPTION, CONFIG_OPTION } from './shared-options';

export const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', value: 'format', description: 'text (default), json, github (workflow annotations), sarif, gitlab (Code Quality report) or junit (JUnit XML).' },
  CONFIG_OPTION,
  { name: 'fail-on', type: 'string', value: 'severity', description: 'Exit 1 on a finding this severe or worse: error (default), warning, info, hint, none.' },
  { name: 'rule', type: 'string', multiple: true, value: 'id=severity', description: 'Override a rule severity (error, warning, info, hint, off); repeatable.' },
  { name: 'max-warnings', type: 'string', value: 'n', description: 'Also exit 1 when there are more than n warnings.' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'Report errors only (nothing else prints or fails the run).' },
  { name: 'color', type: 'boolean', description: 'Color the text output even when stdout is not a terminal.' },
  { name: 'no-color', type: 'boolean', description: 'Never color (NO_COLOR in the environment does the same).' },
  { name: 'changed-since', type: 'string', value: 'ref', description: 'History-aware: full severity for migrations new or changed against this git ref (auto: the default branch), information for those already merged there; off: everywhere full (default: changedSince of the configuration, else off).' },
  ALLOW_EMPTY_OPTION,
];

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Lint migration files: idempotency, lock safety, headers and layout.',
  usage: '[options] [paths or globs...]',
  details: [
    `Without arguments, lints the files matching the "migrations" globs of ${CONFIG_FILE_NAME}`,
    '(or the defaults). A directory argument lints the migrations under it, a file argument that',
    'file, a quoted glob what it matches.',
    '',
    'A directory the globs do not cover is linted as a migration set of its own (its .sql files).',
    '',
    'With --changed-since <ref> (or "changedSince" in the configuration), only migrations new or',
    'changed against the ref keep their severity; those already merged there report information,',
    'so CI fails on what a pull request brings, not on history nobody will change.',
    '',
    'Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O error,',
    'or no migration files at all (unless --allow-empty).',
  ].join('\n'),
  options: OPTIONS,
  // The implementation loads when the command runs: `--help` and the other commands never load the engine.
  run: async (parsed, io) => (await import('./lint-run')).runLint(parsed, io),
};
