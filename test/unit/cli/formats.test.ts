import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { escapeData, escapeProperty } from '../../../server/src/cli/github';
import { RULES_BY_ID } from '../../../server/src/rules/index';
import { buildCli, cleanScratch, FIXTURES, lintJson, REPO, runCli, scratchDir } from './run';

const PROJECT = path.join(FIXTURES, 'project');

/**
 * The SARIF 2.1.0 JSON schema as shipped by Microsoft's @microsoft/jest-sarif package (devDependency),
 * lib/schemas/sarif-2.1.0-rtm.5.json: the schema published with the 2.1.0 standard's final drafts.
 * It is written in draft-04, which Ajv 8 does not load; the keywords it uses mean the same in
 * draft-07 except `id`, renamed `$id` below. Its language-tag pattern is not a valid `u`-flag
 * regular expression, hence unicodeRegExp: false.
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const { id, $schema, ...rest } = schema;
  assert.equal($schema, 'http://json-schema.org/draft-04/schema#');
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile({ $id: id, ...rest });
  // A plain boolean (not Ajv's type guard, which would narrow the parsed log to `unknown`).
  return { valid: (log: unknown): boolean => validate(log), errors: () => JSON.stringify(validate.errors, null, 2), count: () => validate.errors?.length ?? 0 };
}

describe('cli: output formats', function () {
  this.timeout(60_000);
  before(async () => {
    await buildCli();
  });
  after(cleanScratch);

  it('json: one flat object per finding with 1-based positions and fix titles', async () => {
    const { status, findings } = await lintJson(['db/init/02_products.sql'], PROJECT);
    assert.equal(status, 0);
    const f = findings.find((x) => x.ruleId === 'create-table-without-if-not-exists');
    assert.deepEqual(f, {
      file: 'db/init/02_products.sql',
      line: 2,
      column: 26,
      endLine: 2,
      endColumn: 59,
      severity: 'warning',
      ruleId: 'create-table-without-if-not-exists',
      category: 'idempotency',
      message: 'CREATE TABLE catalogue.products fails if the table already exists: add IF NOT EXISTS.',
      fixes: [{ title: 'Add IF NOT EXISTS' }],
    });
  });

  it('json: an empty array when clean', async () => {
    const r = await runCli(['lint', '--format', 'json'], { cwd: path.join(FIXTURES, 'clean') });
    assert.equal(r.status, 0);
    assert.ok(Array.isArray(JSON.parse(r.stdout)));
  });

  it('github: workflow commands with the position, the rule as title, and escaped properties', async () => {
    const dir = scratchDir();
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, 'migrations', '0001_a,b:c%d.sql'), 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN ,;\n');
    const r = await runCli(['lint', '--format', 'github', '--rule', 'create-table-without-if-not-exists=warning'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.every((l) => l.startsWith('::')), r.stdout);
    assert.ok(
      lines.includes(
        '::warning file=migrations/0001_a%2Cb%3Ac%25d.sql,line=1,col=1,endLine=1,endColumn=24,title=create-table-without-if-not-exists::CREATE TABLE t fails if the table already exists: add IF NOT EXISTS.',
      ),
      r.stdout,
    );
    assert.ok(lines.some((l) => /^::error file=migrations\/0001_a%2Cb%3Ac%25d\.sql,line=2,col=\d+,endLine=2,endColumn=\d+,title=syntax-error::syntax error at or near ","$/.test(l)), r.stdout);
  });

  it('github: escaping follows the runner rules for data and properties', () => {
    assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('db/x:1,2%.sql\n'), 'db/x%3A1%2C2%25.sql%0A');
  });

  it('sarif: valid SARIF 2.1.0 with rules, regions relative to %SRCROOT% and fixes', async () => {
    const r = await runCli(['lint', '--format', 'sarif'], { cwd: PROJECT });
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const sarif = sarifValidator();
    assert.ok(sarif.valid(log), sarif.errors());

    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'migration-lens');
    assert.equal(run.tool.driver.informationUri, undefined);
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.deepEqual(ids, [...new Set(run.results.map((x: { ruleId: string }) => x.ruleId))].sort(), 'exactly the rules that appear');
    const rule = run.tool.driver.rules[ids.indexOf('create-table-without-if-not-exists')];
    assert.equal(rule.shortDescription.text, RULES_BY_ID.get('create-table-without-if-not-exists')!.docs.summary);
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.match(rule.help.markdown, /\*\*Why:\*\*/);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(PROJECT).href + '/');

    const create = run.results.find((x: { ruleId: string }) => x.ruleId === 'create-table-without-if-not-exists');
    assert.equal(run.tool.driver.rules[create.ruleIndex].id, create.ruleId);
    assert.equal(create.level, 'warning');
    assert.deepEqual(create.locations[0].physicalLocation, {
      artifactLocation: { uri: 'db/init/02_products.sql', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 26, endLine: 2, endColumn: 59 },
    });
    // The result underlines the statement's head; the whole CREATE TABLE is its related location.
    assert.deepEqual(create.relatedLocations, [
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: 'db/init/02_products.sql', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 26, endLine: 7, endColumn: 2 } },
        message: { text: 'The whole statement' },
      },
    ]);
    // The fix inserts " IF NOT EXISTS" after `CREATE TABLE` (col 26 + 12 = 38): an empty deleted region.
    assert.deepEqual(create.fixes[0].artifactChanges[0].replacements, [
      { deletedRegion: { startLine: 2, startColumn: 38, endLine: 2, endColumn: 38 }, insertedContent: { text: ' IF NOT EXISTS' } },
    ]);
    const syntax = run.results.find((x: { ruleId: string }) => x.ruleId === 'syntax-error');
    assert.equal(syntax.level, 'error');
    assert.equal(syntax.fixes, undefined);
  });

  it('sarif: a clean run and files outside the root are valid too; a broken log is not', async () => {
    const sarif = sarifValidator();
    const clean = JSON.parse((await runCli(['lint', '--format', 'sarif'], { cwd: path.join(FIXTURES, 'clean') })).stdout);
    assert.ok(sarif.valid(clean), sarif.errors());
    const outside = JSON.parse((await runCli(['lint', '--format', 'sarif', '../project/migrations'], { cwd: path.join(FIXTURES, 'clean') })).stdout);
    assert.ok(sarif.valid(outside), sarif.errors());
    const loc = outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(loc, { uri: pathToFileURL(path.join(PROJECT, 'migrations/0003_add_orders.sql')).href });
    // The validator is not a rubber stamp.
    outside.runs[0].results[0].level = 'fatal';
    outside.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(sarif.valid(outside), false);
    assert.equal(sarif.count(), 2, sarif.errors());
  });
});
