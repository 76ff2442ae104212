import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfigText, resolveConfig, DEFAULT_MIGRATION_GLOBS } from '../../../server/src/config';

describe('config', () => {
  it('reads JSON with comments and merges layers, later winning', () => {
    const { config, problems } = parseConfigText('{ // team file\n "rules": { "a": "error" }, "postgresVersion": 15, }', 'x');
    assert.deepEqual(problems, []);
    const r = resolveConfig({ rules: { a: 'off', b: 'hint' }, postgresVersion: 16 }, config);
    assert.equal(r.postgresVersion, 15);
    assert.deepEqual(r.rules.a, { severity: 'error', options: {} });
    assert.deepEqual(r.rules.b, { severity: 'hint', options: {} });
    assert.deepEqual(r.migrations, DEFAULT_MIGRATION_GLOBS);
  });

  it('merges rule options per rule', () => {
    const r = resolveConfig({ rules: { a: { options: { x: 1 } } } }, { rules: { a: { severity: 'warning', options: { y: 2 } } } });
    assert.deepEqual(r.rules.a, { severity: 'warning', options: { x: 1, y: 2 } });
  });

  it('explains every bad value and keeps the good ones', () => {
    const { config, problems } = parseConfigText(
      JSON.stringify({ rules: { a: 'loud' }, categories: { speed: 'off' }, convention: 'liquibase', migrations: ['../../etc/*'], exclude: ['/abs/**'], idempotent: 'yes', wat: 1, postgresVersion: 16 }),
      'cfg',
    );
    assert.deepEqual(config, { postgresVersion: 16, rules: {}, categories: {} });
    assert.equal(problems.length, 7);
    assert.ok(problems.some((p) => p.includes('globs must stay inside the workspace')));
    assert.ok(problems.some((p) => p.includes('unknown setting "wat"')));
  });

  it('refuses huge glob lists', () => {
    const { problems } = parseConfigText(JSON.stringify({ migrations: Array(500).fill('**/*.sql') }), 'cfg');
    assert.match(problems[0], /too large/);
  });

  it('reports invalid JSON with its line, and a missing file as not found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-cfg-'));
    writeFileSync(join(dir, 'bad.json'), '{\n "rules": {\n }}}');
    const bad = loadConfigFile(join(dir, 'bad.json'));
    assert.match(bad.problems[0], /bad\.json:3: invalid JSON/);
    assert.deepEqual(loadConfigFile(join(dir, 'none.json')), { config: {}, problems: [], found: false });
  });
});
