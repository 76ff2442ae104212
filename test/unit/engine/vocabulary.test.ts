/**
 * The configuration vocabulary (server/src/vocabulary.ts) is the one list of severities,
 * categories and limits: the VS Code settings in package.json and the JSON schema of
 * `.migration-lens.json` must say the same.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_MIGRATION_GLOBS } from '../../../server/src/config';
import { configSchema } from '../../../server/src/docs/schema';
import { ALL_RULES } from '../../../server/src/rules/index';
import { CONVENTION_IDS } from '../../../server/src/layout/conventions';
import { CATEGORIES, CHANGED_SINCE, isChangedSince, LIMITS, SET_KEYS, SEVERITY_SETTINGS, TRANSACTION_MODES } from '../../../server/src/vocabulary';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const settings = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Json).contributes.configuration.properties as Json;

describe('configuration vocabulary', () => {
  it('package.json: rule and category severities, categories', () => {
    const rule = settings['migrationLens.rules'].additionalProperties.anyOf;
    assert.deepEqual(rule[0].enum, [...SEVERITY_SETTINGS]);
    assert.deepEqual(rule[1].properties.severity.enum, [...SEVERITY_SETTINGS]);
    const categories = settings['migrationLens.categories'].properties;
    assert.deepEqual(Object.keys(categories), [...CATEGORIES]);
    for (const c of CATEGORIES) assert.deepEqual(categories[c].enum, [...SEVERITY_SETTINGS], c);
  });

  it('package.json: numeric limits and defaults', () => {
    const pg = settings['migrationLens.postgresVersion'];
    assert.deepEqual([pg.minimum, pg.maximum, pg.default], [LIMITS.postgresVersion.min, LIMITS.postgresVersion.max, LIMITS.postgresVersion.default]);
    const debounce = settings['migrationLens.debounceMs'];
    assert.deepEqual([debounce.minimum, debounce.maximum, debounce.default], [LIMITS.debounceMs.min, LIMITS.debounceMs.max, LIMITS.debounceMs.default]);
    assert.deepEqual(settings['migrationLens.migrations'].default, DEFAULT_MIGRATION_GLOBS);
    assert.equal(settings['migrationLens.preview.autoRefresh'].default, false);
  });

  it('package.json and the JSON schema: changedSince (off, auto or a git ref, never an option)', () => {
    const setting = settings['migrationLens.changedSince'];
    const schema = (configSchema(ALL_RULES) as Json).properties.changedSince;
    for (const s of [setting, schema]) assert.deepEqual([s.type, s.default, s.pattern], ['string', CHANGED_SINCE.default, CHANGED_SINCE.ref.source]);
    for (const ok of ['off', 'auto', 'origin/main', 'HEAD~3', 'v1.2.0', '@{u}', '0a1b2c3']) assert.ok(isChangedSince(ok), ok);
    for (const bad of ['', '--output=x', '-n', 'main..feature', 'a b', 'x'.repeat(201)]) assert.ok(!isChangedSince(bad), bad);
  });

  it('the JSON schema of .migration-lens.json', () => {
    const schema = configSchema(ALL_RULES) as Json;
    const p = schema.properties;
    assert.deepEqual(p.convention.enum, ['auto', ...CONVENTION_IDS]);
    assert.deepEqual(p.transaction.enum, ['auto', ...TRANSACTION_MODES]);
    assert.deepEqual(Object.keys(p.categories.properties), [...CATEGORIES]);
    assert.deepEqual([p.postgresVersion.minimum, p.postgresVersion.maximum], [LIMITS.postgresVersion.min, LIMITS.postgresVersion.max]);
    assert.deepEqual([p.preview.properties.timeoutMs.minimum, p.preview.properties.timeoutMs.maximum], [LIMITS.previewTimeoutMs.min, LIMITS.previewTimeoutMs.max]);
    assert.equal(p.migrations.maxItems, LIMITS.globs.maxItems);
    assert.deepEqual(Object.keys(p.sets.items.properties), [...SET_KEYS]);
    assert.deepEqual(p.sets.items.properties.convention.enum, [...CONVENTION_IDS]);
    assert.deepEqual([p.sets.maxItems, p.sets.items.properties.folders.maxItems], [LIMITS.sets.maxItems, LIMITS.sets.maxFolders]);
    assert.ok(DEFAULT_EXCLUDE_GLOBS.length > 0);
  });
});
