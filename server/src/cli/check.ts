/**
 * `migration-lens check [dir]`: lint plus apply. Every migration of the sets under dir is linted
 * as `lint` does (with its set's context and layout findings), then each set is applied to the
 * preview's PGlite. An apply error is a finding of the rule `apply-error`, a note of the preview
 * one of `apply-note` (rules/apply-*.ts): configured and silenced like any rule.
 */
import applyError from '../rules/apply-error';
import type { Command, OptionSpec } from './args';
import { OPTIONS as LINT_OPTIONS } from './lint';

const OPTIONS: OptionSpec[] = [
  ...LINT_OPTIONS,
  { name: 'set', type: 'string', value: 'folder', description: 'Only the migration set in this folder (when several are found).' },
  { name: 'idempotent', type: 'boolean', description: 'Prove idempotency: apply every file a second time; report statements that fail or change data again.' },
  { name: 'round-trip', type: 'boolean', description: 'Prove down files: up, down, compare the schema, up again, for each up file with a down twin.' },
  { name: 'trace', type: 'boolean', description: "Trace each statement's locks and rewrites on existing tables; report strong ones no rule reported." },
  { name: 'drift', type: 'boolean', description: 'Compare the schema of preview.snapshot (e.g. db/createDB.sql) with the migrations\' one.' },
];

export const checkCommand: Command = {
  name: 'check',
  summary: 'Lint the migrations, then apply them to an in-process PostgreSQL: the CI gate.',
  usage: '[options] [dir]',
  details: [
    'Lints every migration of the sets under dir (default: the workspace root), then applies each',
    "set in its runner's order and transaction mode to PGlite. An apply error is reported at the",
    'failing statement (file:line:col) with PostgreSQL\'s detail and hint; in json, github, sarif,',
    `gitlab and junit output it is a finding with rule id "${applyError.id}".`,
    '',
    'The proofs (--idempotent, --round-trip, --trace, --drift) run on the same PGlite after the',
    'apply; their findings have rule ids proof-idempotency, proof-round-trip, proof-lock and',
    'proof-drift, and are silenced like any rule (-- lens-ignore proof-lock).',
    '',
    'Exit status: 0 clean, 1 an apply error or findings at or above --fail-on, 2 usage,',
    'configuration or I/O error, or no migrations (unless --allow-empty).',
  ].join('\n'),
  options: OPTIONS,
  run: async (parsed, io) => (await import('./check-run')).runCheck(parsed, io),
};
