import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, loadWorkspaceConfig, parseConfigText, resolveConfig, DEFAULT_MIGRATION_GLOBS } from '../../../server/src/config';
import { configSchema } from '../../../server/src/docs/schema';
import { ALL_RULES } from '../../../server/src/rules/index';

describe('config', () => {
  it('reads JSON with comments and merges layers, later winning', () => {
    const { config, problems } = parseConfigText('{ // team file\n "rules": { "drop-table": "error" }, "postgresVersion": 15, }', 'x');
    assert.deepEqual(problems, []);
    const r = resolveConfig({ rules: { 'drop-table': 'off', 'drop-column': 'hint' }, postgresVersion: 16 }, config);
    assert.equal(r.postgresVersion, 15);
    assert.deepEqual(r.rules['drop-table'], { severity: 'error', options: {} });
    assert.deepEqual(r.rules['drop-column'], { severity: 'hint', options: {} });
    assert.deepEqual(r.migrations, DEFAULT_MIGRATION_GLOBS);
  });

  it('merges rule options per rule', () => {
    const r = resolveConfig({ rules: { a: { options: { x: 1 } } } }, { rules: { a: { severity: 'warning', options: { y: 2 } } } });
    assert.deepEqual(r.rules.a, { severity: 'warning', options: { x: 1, y: 2 } });
  });

  it('explains every bad value and keeps the good ones', () => {
    const { config, problems } = parseConfigText(
      JSON.stringify({ rules: { 'drop-table': 'loud' }, categories: { speed: 'off' }, convention: 'liquibase', migrations: ['../../etc/*'], exclude: ['/abs/**'], idempotent: 'yes', wat: 1, postgresVersion: 16 }),
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

  describe('rule ids and options, against the registry', () => {
    it('a misspelt rule id is an error naming the file and line, with the closest id, and the rule is not configured', () => {
      const text = '{\n  "rules": {\n    "drop-table": "off",\n    "missing-lock-timout": "off"\n  }\n}';
      const { config, problems } = parseConfigText(text, '/ws/.migration-lens.json');
      assert.deepEqual(problems, ['/ws/.migration-lens.json:4: unknown rule "missing-lock-timout" (did you mean "missing-lock-timeout"?)']);
      assert.deepEqual(config.rules, { 'drop-table': 'off' });
    });

    it('suggests an id that contains what was written, and nothing for a word that is far from every id', () => {
      assert.match(parseConfigText('{"rules": {"lock-timeout": "off"}}', 'c').problems[0], /unknown rule "lock-timeout" \(did you mean "missing-lock-timeout"\?\)/);
      assert.deepEqual(parseConfigText('{"rules": {"zzzzzzzzzzzz": "off"}}', 'c').problems, ['c:1: unknown rule "zzzzzzzzzzzz"']);
    });

    it('a misspelt category gets a suggestion too', () => {
      assert.match(parseConfigText('{"categories": {"saftey": "off"}}', 'c').problems[0], /^c:1: unknown category "saftey" \(did you mean "safety"\?\)/);
    });

    it('accepts the proof ids, which -- lens-ignore accepts as well', () => {
      const { config, problems } = parseConfigText('{"rules": {"proof-lock": "off", "proof-idempotency": "warning", "proof-round-trip": "error", "proof-drift": "off"}}', 'c');
      assert.deepEqual(problems, []);
      assert.equal(config.rules?.['proof-lock'], 'off');
    });

    it('a bad option value is an error naming the option and what it expects, with its line', () => {
      const text = '{\n  "rules": {\n    "many-tables-locked": {\n      "options": {\n        "threshold": 1\n      }\n    }\n  }\n}';
      const { config, problems } = parseConfigText(text, 'c');
      assert.deepEqual(problems, ['c:5: rules.many-tables-locked.options.threshold must be a whole number of at least 2 (got 1)']);
      assert.equal(config.rules?.['many-tables-locked'], undefined);
      assert.match(parseConfigText('{"rules": {"many-tables-locked": {"options": {"threshold": "five"}}}}', 'c').problems[0], /threshold must be a whole number of at least 2 \(got "five"\)/);
      assert.match(parseConfigText('{"rules": {"missing-lock-timeout": {"options": {"lockTimeout": "soon"}}}}', 'c').problems[0], /lockTimeout must be a PostgreSQL duration/);
      assert.match(parseConfigText('{"rules": {"file-not-in-order": {"options": {"base": 3}}}}', 'c').problems[0], /base must be a non-empty string/);
      assert.match(parseConfigText('{"rules": {"many-tables-locked": {"options": [3]}}}', 'c').problems[0], /rules\.many-tables-locked\.options must be an object/);
    });

    it('an unknown option names the rule\'s options (or says it has none)', () => {
      assert.deepEqual(parseConfigText('{"rules": {"many-tables-locked": {"options": {"treshold": 4}}}}', 'c').problems, [
        'c:1: rules.many-tables-locked.options: unknown option "treshold" (its options are "threshold") (did you mean "threshold"?)',
      ]);
      assert.match(parseConfigText('{"rules": {"drop-table": {"options": {"x": 1}}}}', 'c').problems[0], /unknown option "x" \(it takes no options\)/);
    });

    it('valid options pass and reach the resolved configuration', () => {
      const { config, problems } = parseConfigText('{"rules": {"many-tables-locked": {"options": {"threshold": 5}}, "missing-statement-timeout": {"options": {"statementTimeout": "30s"}}}}', 'c');
      assert.deepEqual(problems, []);
      assert.deepEqual(resolveConfig(config).rules['many-tables-locked'], { severity: undefined, options: { threshold: 5 } });
    });

    it('the JSON schema lists each rule\'s options and the proof ids', () => {
      const schema = configSchema(ALL_RULES) as { properties: { rules: { properties: Record<string, { oneOf: { properties?: { options?: unknown } }[] }> } } };
      const rules = schema.properties.rules.properties;
      assert.deepEqual(rules['many-tables-locked'].oneOf[1].properties?.options, {
        type: 'object',
        description: 'Rule options.',
        properties: { threshold: { type: 'integer', minimum: 2, description: 'How many existing tables one transaction must lock to fire.', default: 3 } },
        additionalProperties: false,
      });
      assert.ok(rules['proof-lock']);
    });
  });
});

describe('loadWorkspaceConfig: the one loader of the editor and the CLI', () => {
  const workspace = (text?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-wsconfig-'));
    if (text !== undefined) writeFileSync(join(dir, '.migration-lens.json'), text);
    return dir;
  };

  it('layers the editor settings under the file and the command line over it', () => {
    const dir = workspace('{"postgresVersion": 15, "rules": {"drop-table": "error"}}');
    const w = loadWorkspaceConfig(dir, { settings: { postgresVersion: 14, maxFileSize: 1000 }, overrides: { rules: { 'drop-table': 'off' } } });
    assert.deepEqual([w.found, w.broken, w.problems], [true, false, []]);
    assert.equal(w.config.postgresVersion, 15, 'the file wins over the settings');
    assert.equal(w.config.maxFileSize, 1000, 'settings the file does not set apply');
    assert.equal(w.config.rules['drop-table'].severity, 'off', 'the command line wins over the file');
  });

  it('a broken file is one error at the file, and the defaults apply', () => {
    const dir = workspace('{ "rules": { "drop-table": "error" ');
    const w = loadWorkspaceConfig(dir, { settings: { postgresVersion: 14 } });
    assert.equal(w.broken, true);
    assert.equal(w.problems.length, 1);
    assert.match(w.problems[0], /\.migration-lens\.json:1: invalid JSON/);
    assert.deepEqual(w.config, resolveConfig({ postgresVersion: 14 }));
  });

  it('a file with some bad entries is not broken: its good entries apply, the bad ones are reported', () => {
    const w = loadWorkspaceConfig(workspace('{"postgresVersion": 15, "rules": {"drop-tabel": "off"}}'));
    assert.equal(w.broken, false);
    assert.equal(w.config.postgresVersion, 15);
    assert.equal(w.problems.length, 1);
    assert.match(w.problems[0], /drop-tabel.*did you mean "drop-table"/);
  });

  it('no file: the defaults, nothing to report', () => {
    const w = loadWorkspaceConfig(workspace());
    assert.deepEqual([w.found, w.broken, w.problems, w.config], [false, false, [], resolveConfig()]);
  });
});
