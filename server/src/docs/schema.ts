/** The JSON schema of `.migration-lens.json`, built from the rule registry so it lists every rule id. */
import { CONVENTION_IDS } from '../layout/conventions';
import { optionsSchema } from '../rules/known';
import type { Rule } from '../rules/types';
import { CATEGORIES, CHANGED_SINCE, LIMITS, SEVERITY_SETTINGS, TRANSACTION_MODES } from '../vocabulary';

const SEVERITY = { enum: [...SEVERITY_SETTINGS] };

/** A relative path that stays inside the workspace: not absolute, no drive letter, no `..` segment. */
const WORKSPACE_PATH = '^(?![\\\\/])(?![A-Za-z]:)(?!.*(^|[\\\\/])\\.\\.([\\\\/]|$))';

export function configSchema(rules: Rule[]): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const r of rules) {
    ruleProps[r.id] = {
      description: `${r.docs.summary} (${r.category}, default ${r.defaultSeverity})`,
      oneOf: [
        SEVERITY,
        {
          type: 'object',
          properties: { severity: SEVERITY, options: optionsSchema(r) },
          additionalProperties: false,
        },
      ],
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Migration Lens configuration',
    description: 'Read by the Migration Lens VS Code extension and the migration-lens CLI alike.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      migrations: { type: 'array', items: { type: 'string' }, maxItems: LIMITS.globs.maxItems, description: 'Globs of migration files, relative to this file. Replaces the defaults, which cover every supported convention.' },
      exclude: { type: 'array', items: { type: 'string' }, maxItems: LIMITS.globs.maxItems, description: 'Globs to leave out (node_modules and .git always are).' },
      convention: {
        enum: ['auto', ...CONVENTION_IDS],
        default: 'auto',
        description: 'Migration convention; detected from the layout when "auto".',
      },
      transaction: {
        enum: ['auto', ...TRANSACTION_MODES],
        default: 'auto',
        description: 'How the runner sends files: "per-file" (a transaction per file), "all" (one transaction for the run), "none" (statement by statement, autocommit), "script" (the whole file as one query: an implicit transaction when it holds several statements); from the convention when "auto".',
      },
      sets: {
        type: 'array',
        maxItems: LIMITS.sets.maxItems,
        description: 'Folders one runner applies, in order, to one database, joined into one set (e.g. a platform applying init-scripts/* then migrations/*): later folders see the objects of earlier ones. Each folder is a set whatever its name; a folder belongs to one set.',
        items: {
          type: 'object',
          required: ['folders'],
          properties: {
            name: { type: 'string', minLength: 1, description: 'Shown for the set in the editor and the CLI (`--set <name>`); the last folder by default.' },
            folders: { type: 'array', minItems: 1, maxItems: LIMITS.sets.maxFolders, items: { type: 'string', minLength: 1, pattern: WORKSPACE_PATH }, description: 'Folders relative to this file, in the order they are applied. New migrations go into the last one.' },
            convention: { enum: [...CONVENTION_IDS], description: 'The convention of every folder of the set; detected from the last folder when absent.' },
          },
          additionalProperties: false,
        },
      },
      idempotent: { enum: ['auto', true, false], default: 'auto', description: 'Whether every file must be safe to apply again (idempotency rules become warnings).' },
      changedSince: {
        type: 'string',
        pattern: CHANGED_SINCE.ref.source,
        default: CHANGED_SINCE.default,
        description: 'History-aware mode: "auto" (the default branch: origin/HEAD, origin/main, …) or a git ref keeps full severity for migrations new or changed against it and shows the findings of migrations already merged there as information; "off" (the default): full severity everywhere.',
      },
      postgresVersion: { type: 'integer', minimum: LIMITS.postgresVersion.min, maximum: LIMITS.postgresVersion.max, default: LIMITS.postgresVersion.default, description: 'PostgreSQL major version targeted.' },
      maxFileSize: { type: 'integer', minimum: LIMITS.maxFileSize.min, maximum: LIMITS.maxFileSize.max, default: LIMITS.maxFileSize.default, description: 'Files over this many bytes are reported, not linted.' },
      rules: { type: 'object', properties: ruleProps, additionalProperties: false, description: 'Severity (or "off") and options per rule id.' },
      categories: {
        type: 'object',
        properties: Object.fromEntries(CATEGORIES.map((c) => [c, SEVERITY])),
        additionalProperties: false,
        description: 'Severity (or "off") for a whole category of rules; a rule setting wins over its category.',
      },
      header: { type: 'object', description: 'Migration header template settings.' },
      preview: {
        type: 'object',
        description: 'Schema preview settings.',
        properties: {
          setupSql: { type: 'string', minLength: 1, pattern: WORKSPACE_PATH, description: 'SQL file, relative to this file and inside the workspace, run before the first migration (roles, schemas and functions your platform provides).' },
          timeoutMs: { type: 'integer', minimum: LIMITS.previewTimeoutMs.min, maximum: LIMITS.previewTimeoutMs.max, default: LIMITS.previewTimeoutMs.default, description: 'A preview taking longer than this is stopped; the statement that was running is named.' },
          autoRefresh: { type: 'boolean', default: false, description: 'Preview again whenever a migration file is saved (editor only).' },
          snapshot: { type: 'string', minLength: 1, pattern: WORKSPACE_PATH, description: 'A schema snapshot kept in sync with the migrations (e.g. db/createDB.sql), relative to this file: `check --drift` and the drift command compare the schema it makes with the migrations\' one.' },
          idempotency: { enum: [true, false, 'auto'], default: 'auto', description: 'Prove idempotency (apply every file a second time) after each preview in the editor. "auto": for init-sorted sets and files whose header says "Safe to re-run".' },
          lockTrace: { type: 'boolean', default: true, description: 'Show, next to each statement of the migration being edited, the locks it takes on existing tables and whether it rewrites them (observed in PGlite).' },
        },
        additionalProperties: false,
      },
      live: {
        type: 'object',
        description: 'Live database settings (migration-lens status, and the editor once connected): size thresholds for lock and rewrite findings of pending migrations, and the query timeout.',
        properties: {
          largeRows: { type: 'integer', minimum: 0, default: 1000000, description: 'A table with at least this many estimated rows (pg_class.reltuples) is big: its lock and rewrite findings are raised one severity.' },
          largeBytes: { type: 'integer', minimum: 0, default: 1073741824, description: 'A table taking at least this many bytes (pg_total_relation_size) is big.' },
          smallRows: { type: 'integer', minimum: 0, default: 10000, description: 'A table with fewer estimated rows than this and fewer bytes than smallBytes is small: its lock and rewrite findings are lowered one severity.' },
          smallBytes: { type: 'integer', minimum: 0, default: 10485760, description: 'See smallRows.' },
          timeoutMs: { type: 'integer', minimum: 100, maximum: 600000, default: 5000, description: 'statement_timeout of every read-only query on the live database, pre-flight probes included.' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}
