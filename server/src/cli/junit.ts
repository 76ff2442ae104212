/**
 * JUnit XML, as read by GitLab (`artifacts:reports:junit`), Jenkins and most CI test views.
 * There is no official schema; the one CI tools validate against is Jenkins' xunit-plugin
 * junit-10.xsd (jenkinsci/xunit-plugin src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd):
 * `testsuites` holds `testsuite`s (required attributes name, tests, failures, errors), each
 * holding `testcase`s (required attribute name; optional classname, time) whose children may be
 * `failure`/`error`/`skipped` (optional type and message attributes, text content) and
 * `system-out`. Here: one testsuite per file; one testcase per finding, with a `failure` for
 * errors and warnings and `system-out` for information and hints; a file without findings is
 * one passing testcase, so every checked file shows up.
 */
import type { LintReport } from './report';

export function formatJunit(report: LintReport, suiteName: string): string {
  const out: string[] = [];
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const file of report.files) {
    const cases: string[] = [];
    let fileFailures = 0;
    for (const f of file.findings) {
      const r = f.region;
      const where = `${file.path}:${r.line}:${r.column}`;
      const name = attr(`${f.ruleId} (${r.line}:${r.column})`);
      const body = `${where}: ${f.severity}: ${f.message} [${f.ruleId}]`;
      if (f.severity === 'error' || f.severity === 'warning') {
        fileFailures++;
        cases.push(`    <testcase name="${name}" classname="${attr(file.path)}">\n      <failure type="${f.severity}" message="${attr(f.message)}">${text(body)}</failure>\n    </testcase>`);
      } else {
        cases.push(`    <testcase name="${name}" classname="${attr(file.path)}">\n      <system-out>${text(body)}</system-out>\n    </testcase>`);
      }
    }
    if (cases.length === 0) cases.push(`    <testcase name="no findings" classname="${attr(file.path)}"/>`);
    tests += cases.length;
    failures += fileFailures;
    suites.push(`  <testsuite name="${attr(file.path)}" tests="${cases.length}" failures="${fileFailures}" errors="0" skipped="0" file="${attr(file.path)}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<testsuites name="${attr(suiteName)}" tests="${tests}" failures="${failures}" errors="0">`);
  out.push(...suites);
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage
 * return; lone surrogates; U+FFFE, U+FFFF) become U+FFFD; everything else, non-ASCII included,
 * is written as is in UTF-8.
 */
function legal(s: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids are what this replaces
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function text(s: string): string {
  return legal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes, and newlines/tabs, which a parser would otherwise normalise to spaces. */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
