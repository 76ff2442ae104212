import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { formatGitlab } from '../../../server/src/cli/gitlab';
import { attr, formatJunit, text } from '../../../server/src/cli/junit';
import type { LintReport } from '../../../server/src/cli/report';
import { buildCli, cleanScratch, FIXTURES, runCli, scratchDir } from './run';

const PROJECT = path.join(FIXTURES, 'project');

/**
 * The GitLab Code Quality issue as GitLab documents it ("Code Quality report format",
 * https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): required
 * description, check_name, fingerprint, severity (info|minor|major|critical|blocker),
 * location.path (relative, no `./`) and location.lines.begin or location.positions.begin.line.
 */
const GITLAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      type: { const: 'issue' },
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^(\\./|/)' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
          positions: {
            type: 'object',
            required: ['begin'],
            properties: {
              begin: { $ref: '#/$defs/position' },
              end: { $ref: '#/$defs/position' },
            },
          },
        },
        oneOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
  $defs: {
    position: { type: 'object', required: ['line'], properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } } },
  },
};

function gitlabValid(issues: unknown): void {
  const validate = new Ajv({ allErrors: true }).compile(GITLAB_SCHEMA);
  assert.ok(validate(issues), JSON.stringify(validate.errors, null, 2));
  const fps = (issues as { fingerprint: string }[]).map((x) => x.fingerprint);
  assert.equal(new Set(fps).size, fps.length, 'fingerprints are unique (GitLab shows only the first issue of a fingerprint)');
}

// ---------------------------------------------------------------------------------------------
// A small XML 1.0 well-formedness checker (elements, attributes, character and entity references,
// legal characters), enough for what the JUnit formatter writes, with no dependency.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids, which the report must not contain
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';

function decode(s: string, where: string): string {
  assert.ok(!s.includes('<'), `raw < in ${where}: ${s}`);
  return s.replace(/&([^;]*);?/g, (m, ref: string) => {
    assert.ok(m.endsWith(';'), `unterminated reference in ${where}: ${s}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref];
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    assert.ok(num, `unknown reference &${ref}; in ${where}`);
    return String.fromCodePoint(num[1] ? parseInt(num[1], 16) : parseInt(num[2], 10));
  });
}

function parseXml(xml: string): XmlElement {
  assert.ok(!ILLEGAL_XML.test(xml), 'a character XML 1.0 does not allow');
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  assert.ok(decl, 'an XML declaration with encoding UTF-8');
  i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const chunk = xml.slice(i, lt === -1 ? xml.length : lt);
    if (stack.length) stack[stack.length - 1].text += decode(chunk, 'text');
    else assert.match(chunk, /^\s*$/, 'text outside the root element');
    assert.ok(!chunk.includes(']]>'), ']]> in text');
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt);
    assert.ok(gt !== -1, 'unterminated tag');
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      assert.ok(open, `</${tag.slice(1)}> without an open element`);
      assert.equal(tag.slice(1), open.name, 'mismatched end tag');
      continue;
    }
    const m = new RegExp(`^(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)$`).exec(tag);
    assert.ok(m, `malformed tag <${tag}>`);
    const el: XmlElement = { name: m[1], attrs: {}, children: [], text: '' };
    for (const a of m[2].matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      assert.ok(!(a[1] in el.attrs), `duplicate attribute ${a[1]}`);
      el.attrs[a[1]] = decode(a[2] ?? a[3], `attribute ${a[1]}`);
    }
    if (stack.length) stack[stack.length - 1].children.push(el);
    else {
      assert.equal(root, undefined, 'a second root element');
      root = el;
    }
    if (!m[3]) stack.push(el);
  }
  assert.equal(stack.length, 0, `unclosed <${stack[stack.length - 1]?.name}>`);
  assert.ok(root, 'no root element');
  return root;
}

/**
 * The element and attribute rules of Jenkins' xunit-plugin junit-10.xsd
 * (jenkinsci/xunit-plugin src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd),
 * for the elements the formatter writes, plus the counts adding up.
 */
function junitValid(root: XmlElement): void {
  const only = (el: XmlElement, allowed: string[], required: string[]) => {
    for (const a of Object.keys(el.attrs)) assert.ok(allowed.includes(a), `<${el.name}> may not have ${a}`);
    for (const a of required) assert.ok(a in el.attrs, `<${el.name}> needs ${a}`);
  };
  const count = (el: XmlElement, a: string) => {
    assert.match(el.attrs[a] ?? '0', /^\d+$/, `<${el.name} ${a}> is a count`);
    return Number(el.attrs[a] ?? 0);
  };
  assert.equal(root.name, 'testsuites');
  only(root, ['name', 'time', 'tests', 'failures', 'errors'], []);
  let tests = 0;
  let failures = 0;
  for (const suite of root.children) {
    assert.equal(suite.name, 'testsuite');
    only(suite, ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'], ['name', 'tests', 'failures', 'errors']);
    const cases = suite.children.filter((c) => c.name === 'testcase');
    for (const c of suite.children) assert.ok(['testsuite', 'properties', 'testcase', 'system-out', 'system-err'].includes(c.name), `<testsuite> may not hold <${c.name}>`);
    let suiteFailures = 0;
    for (const tc of cases) {
      only(tc, ['name', 'time', 'classname', 'group'], ['name']);
      for (const c of tc.children) {
        assert.ok(['skipped', 'error', 'failure', 'system-out', 'system-err'].includes(c.name), `<testcase> may not hold <${c.name}>`);
        if (['skipped', 'error', 'failure'].includes(c.name)) only(c, ['type', 'message'], []);
        else only(c, [], []);
        assert.equal(c.children.length, 0, `<${c.name}> holds text only`);
      }
      if (tc.children.some((c) => c.name === 'failure')) suiteFailures++;
    }
    assert.equal(count(suite, 'tests'), cases.length, `tests of ${suite.attrs.name}`);
    assert.equal(count(suite, 'failures'), suiteFailures, `failures of ${suite.attrs.name}`);
    assert.equal(count(suite, 'errors'), 0);
    tests += cases.length;
    failures += suiteFailures;
  }
  assert.equal(count(root, 'tests'), tests);
  assert.equal(count(root, 'failures'), failures);
}

const NASTY = 'a "quoted" <tag> & \'apostrophe\' ]]> naïve 🔒 日本\ttab\nnewline\u0007bell';

function report(): LintReport {
  const region = { line: 3, column: 5, endLine: 3, endColumn: 9 };
  return {
    root: '/w',
    files: [
      {
        path: 'db/ä & <b>.sql',
        absPath: '/w/db/ä & <b>.sql',
        findings: [
          { ruleId: 'r-err', category: 'safety', severity: 'error', message: NASTY, region, fixes: [] },
          { ruleId: 'r-warn', category: 'safety', severity: 'warning', message: 'same', region, fixes: [] },
          { ruleId: 'r-warn', category: 'safety', severity: 'warning', message: 'same', region: { ...region, line: 9, endLine: 9 }, fixes: [] },
          { ruleId: 'r-info', category: 'idempotency', severity: 'info', message: 'fyi', region, fixes: [] },
          { ruleId: 'r-hint', category: 'style', severity: 'hint', message: 'hm', region, fixes: [] },
        ],
      },
      { path: './db/clean.sql', absPath: '/w/db/clean.sql', findings: [] },
    ],
  } as LintReport;
}

describe('cli: CI formats (GitLab Code Quality, JUnit XML)', function () {
  this.timeout(60_000);
  before(async () => {
    await buildCli();
  });
  after(cleanScratch);

  it('gitlab: documented fields, severities mapped, unique fingerprints, text kept as is', () => {
    const issues = JSON.parse(formatGitlab(report()));
    gitlabValid(issues);
    assert.equal(issues.length, 5);
    assert.deepEqual(
      issues.map((x: { severity: string }) => x.severity),
      ['major', 'minor', 'minor', 'info', 'info'],
    );
    assert.deepEqual(issues[0].location, { path: 'db/ä & <b>.sql', positions: { begin: { line: 3, column: 5 }, end: { line: 3, column: 9 } } });
    assert.equal(issues[0].description, `r-err: ${NASTY}`);
    assert.equal(issues[0].check_name, 'r-err');
    // The fingerprint does not depend on the line, so a finding keeps it when lines above move.
    const moved = report();
    moved.files[0].findings[0].region = { line: 30, column: 5, endLine: 30, endColumn: 9 };
    assert.equal(JSON.parse(formatGitlab(moved))[0].fingerprint, issues[0].fingerprint);
    assert.equal(formatGitlab({ root: '/w', files: [] }), '[]\n');
  });

  it('junit: well-formed, per junit-10.xsd, failures for errors and warnings, escaping round-trips', () => {
    const xml = formatJunit(report(), 'migration-lens');
    const root = parseXml(xml);
    junitValid(root);
    assert.equal(root.attrs.name, 'migration-lens');
    const [suite, clean] = root.children;
    assert.equal(suite.attrs.name, 'db/ä & <b>.sql');
    assert.deepEqual([suite.attrs.tests, suite.attrs.failures], ['5', '3']);
    const err = suite.children[0];
    assert.equal(err.attrs.name, 'r-err (3:5)');
    assert.equal(err.attrs.classname, 'db/ä & <b>.sql');
    const failure = err.children[0];
    assert.equal(failure.name, 'failure');
    assert.equal(failure.attrs.type, 'error');
    // Quotes, <, &, ]]>, non-ASCII, tab and newline survive; the BEL (not allowed in XML 1.0) becomes U+FFFD.
    const expected = NASTY.replace('\u0007', '\uFFFD');
    assert.equal(failure.attrs.message, expected);
    assert.equal(failure.text, `db/ä & <b>.sql:3:5: error: ${expected} [r-err]`);
    assert.equal(suite.children[1].children[0].attrs.type, 'warning');
    const info = suite.children[3];
    assert.deepEqual(info.children.map((c) => c.name), ['system-out']);
    assert.equal(info.children[0].text, 'db/ä & <b>.sql:3:5: info: fyi [r-info]');
    // A file without findings is one passing test case.
    assert.deepEqual([clean.attrs.tests, clean.attrs.failures], ['1', '0']);
    assert.deepEqual(clean.children[0].children, []);
    // Non-ASCII is written as UTF-8, not as references.
    assert.ok(xml.includes('naïve 🔒 日本'));
  });

  it('junit: escaping of text and attributes', () => {
    assert.equal(text('a < b && c > d ]]>'), 'a &lt; b &amp;&amp; c &gt; d ]]&gt;');
    assert.equal(attr(`"it's"\n\t`), '&quot;it&apos;s&quot;&#10;&#9;');
    assert.equal(text('x\u0000y\uD800z\uFFFF😀'), 'x\uFFFDy\uFFFDz\uFFFD😀');
    assert.equal(parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n<a b="${attr(NASTY)}">${text(NASTY)}</a>`).attrs.b, NASTY.replace('\u0007', '\uFFFD'));
    assert.throws(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a>x & y</a>'), /reference/);
    assert.throws(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a></b>'), /mismatched/);
  });

  it('lint --format gitlab and --format junit on a project, with an odd file name', async () => {
    const dir = scratchDir();
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, 'migrations', '0001_café & <"x">.sql'), 'CREATE TABLE "naïve" (id int);\nALTER TABLE t ADD COLUMN ,;\n');
    writeFileSync(path.join(dir, 'migrations', '0002_ok.sql'), 'SELECT 1;\n');
    const args = ['--rule', 'create-table-without-if-not-exists=warning'];

    const g = await runCli(['lint', '--format', 'gitlab', ...args], { cwd: dir });
    assert.equal(g.status, 1, g.stderr);
    const issues = JSON.parse(g.stdout);
    gitlabValid(issues);
    const syntax = issues.find((x: { check_name: string }) => x.check_name === 'syntax-error');
    assert.equal(syntax.severity, 'major');
    assert.equal(syntax.location.path, 'migrations/0001_café & <"x">.sql');
    assert.equal(syntax.location.positions.begin.line, 2);
    assert.ok(issues.some((x: { check_name: string; severity: string }) => x.check_name === 'create-table-without-if-not-exists' && x.severity === 'minor'), g.stdout);

    const j = await runCli(['lint', '--format', 'junit', ...args], { cwd: dir });
    assert.equal(j.status, 1, j.stderr);
    const root = parseXml(j.stdout);
    junitValid(root);
    const names = root.children.map((s) => s.attrs.name);
    assert.ok(names.includes('migrations/0001_café & <"x">.sql'), names.join(', '));
    const odd = root.children.find((s) => s.attrs.name === 'migrations/0001_café & <"x">.sql')!;
    const failures = odd.children.flatMap((tc) => tc.children.filter((c) => c.name === 'failure'));
    assert.ok(failures.some((f) => f.attrs.type === 'error' && f.text.startsWith('migrations/0001_café & <"x">.sql:2:')), j.stdout);
  });

  it('check --format junit and gitlab on the fixture project', async () => {
    for (const format of ['junit', 'gitlab']) {
      const r = await runCli(['check', '--format', format], { cwd: PROJECT });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      if (format === 'junit') junitValid(parseXml(r.stdout));
      else gitlabValid(JSON.parse(r.stdout));
    }
  });
});
