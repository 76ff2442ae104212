/** Configuration hygiene and the per-file caps on findings. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfigText, resolveConfig } from '../../../server/src/config';
import { lintText } from '../../../server/src/engine';
import { initParser } from '../../../server/src/parse/parser';
import { expectDocsExamples } from '../rules/harness';

describe('config hygiene', function () {
  this.timeout(20_000);

  it('refuses __proto__, constructor and prototype keys, naming the file, line and column', () => {
    const text = '{\n  "rules": {\n    "__proto__": { "severity": "off" }\n  }\n}';
    const r = parseConfigText(text, '.migration-lens.json');
    assert.deepEqual(r.problems, ['.migration-lens.json:3:5: the key "__proto__" is not allowed in a configuration']);
    assert.deepEqual(r.config, {});
    assert.equal(({} as Record<string, unknown>).severity, undefined, 'no prototype was touched');
    const top = parseConfigText('{"constructor": {"x": 1}}', 'c.json');
    assert.match(top.problems[0], /^c\.json:1:2: the key "constructor" is not allowed/);
  });

  it('refuses a __proto__ rule id from the editor settings too', () => {
    const raw = JSON.parse('{"rules": {"__proto__": "off", "drop-table": "off"}}');
    const r = parseConfigText(JSON.stringify(raw), 'settings');
    assert.ok(r.problems.some((p) => /"__proto__" is not allowed/.test(p)), r.problems.join('\n'));
  });

  it('refuses invalid UTF-8 with the line, column and byte offset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-cfg-'));
    const file = join(dir, '.migration-lens.json');
    writeFileSync(file, Buffer.concat([Buffer.from('{\n  "migrations": ["caf'), Buffer.from([0xe9]), Buffer.from('/*.sql"]\n}')]));
    const r = loadConfigFile(file);
    assert.deepEqual(r.config, {});
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0], `${file}:2:22: not valid UTF-8 (byte 0xe9 at offset 23)`);
  });
});

describe('caps on findings per file', function () {
  this.timeout(20_000);
  before(() => initParser());

  it('keeps the first 200 findings of a rule and says how many more there are', () => {
    const text = 'DROP TABLE IF EXISTS t;\n'.repeat(250);
    const { findings } = lintText(text, { path: 'migrations/001_x.sql' });
    assert.equal(findings.filter((f) => f.ruleId === 'drop-table').length, 200);
    const summary = findings.filter((f) => f.ruleId === 'too-many-findings');
    assert.equal(summary.length, 1);
    assert.match(summary[0].message, /^50 more findings in this file are not shown \(50 drop-table\): at most 200 of each rule and 1000 in all/);
    // At the first finding left out: line 201.
    assert.equal(summary[0].start, text.indexOf('DROP', 24 * 200));
    for (let i = 1; i < findings.length; i++) assert.ok(findings[i - 1].start <= findings[i].start, 'still in file order');
  });

  it('caps the total, and takes its limits from the rule options', () => {
    const text = 'CREATE TABLE t (id int);\nDROP TABLE u;\n'.repeat(30);
    const config = resolveConfig({ rules: { 'too-many-findings': { options: { perRule: 10, perFile: 25 } } } });
    const { findings } = lintText(text, { path: 'db/init/01_x.sql', config });
    const byRule = new Map<string, number>();
    for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    assert.equal(findings.length, 26, [...byRule].join(' '));
    for (const [id, n] of byRule) if (id !== 'too-many-findings') assert.ok(n <= 10, `${id}: ${n}`);
    assert.equal(byRule.get('too-many-findings'), 1);
  });

  it('turned off, the cap still applies but says nothing', () => {
    const text = 'DROP TABLE IF EXISTS t;\n'.repeat(250);
    const { findings } = lintText(text, { path: 'migrations/001_x.sql', config: resolveConfig({ rules: { 'too-many-findings': 'off' } }) });
    assert.equal(findings.filter((f) => f.ruleId === 'drop-table').length, 200);
    assert.ok(!findings.some((f) => f.ruleId === 'too-many-findings'));
  });

  it('docs examples', () => expectDocsExamples('too-many-findings'));

  it('a suppression comment with 250,000 ids is read in bounded time, its first 64 ids only', () => {
    const ids = Array.from({ length: 250_000 }, (_, i) => `r${i}`).join(',');
    const t0 = performance.now();
    const { findings } = lintText(`-- lens-ignore-file drop-table,${ids}\nDROP TABLE t;\n`, { path: 'migrations/001_x.sql' });
    assert.ok(performance.now() - t0 < 5_000, 'linear');
    assert.ok(!findings.some((f) => f.ruleId === 'drop-table'), 'the first id still works');
    const unused = findings.filter((f) => f.ruleId === 'unused-ignore');
    assert.equal(unused.length, 64, 'the overflow note and 63 unknown ids');
    assert.ok(unused.some((f) => /names more than 64 rules: the other 249937 are not read/.test(f.message)), unused[0]?.message);
  });
});
