/**
 * The SQL snippets (snippets/sql.json), expanded with every default as the editor would: each
 * parses with the real PostgreSQL parser, and each lints clean of what it claims to avoid.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveConfig, type ConfigInput } from '../../../server/src/config';
import { lintText, type Finding } from '../../../server/src/engine';
import { DANGEROUS_REVIEW } from '../../../server/src/header/template';
import { parseSql } from '../../../server/src/parse/parser';
import type { ConventionId } from '../../../server/src/layout/conventions';
import { splitDbmate, splitGoose } from '../../../server/src/layout/sections';
import { expandSnippet } from './snippet-body';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const SNIPPETS = JSON.parse(readFileSync(path.resolve(__dirname, '../../../snippets/sql.json'), 'utf8')) as Record<string, Snippet>;
const byPrefix = new Map(Object.values(SNIPPETS).map((s) => [s.prefix, s]));

/** Where a snippet is tried: the path decides the convention (and with it transactions and idempotency). */
const INIT_SORTED = 'db/init/05_snippet.sql'; // re-applied on every start, all files in one transaction
const AUTOCOMMIT = 'db/005_snippet.sql'; // numbered, run by psql: each statement commits on its own
const PER_FILE = 'prisma/migrations/202605010900_snippet/migration.sql'; // one transaction per file

function expand(prefix: string, file = PER_FILE): string {
  const snippet = byPrefix.get(prefix);
  assert.ok(snippet, `snippet ${prefix} exists`);
  return expandSnippet(snippet.body, {
    TM_FILEPATH: `/work/app/${file}`,
    TM_FILENAME_BASE: path.basename(file, '.sql'),
    CURRENT_YEAR: '2026',
    CURRENT_MONTH: '05',
    CURRENT_DATE: '01',
    CURRENT_HOUR: '09',
    CURRENT_MINUTE: '00',
  });
}

function lint(text: string, file: string, config: ConfigInput = {}): Finding[] {
  return lintText(text, { path: file, config: resolveConfig(config) }).findings;
}

const shown = (fs: Finding[]) => fs.map((f) => `${f.ruleId} [${f.severity}]: ${f.message}`);

/** Re-runnable patterns: no idempotency finding where every file is applied again. */
const IDEMPOTENT = ['mltable', 'mldotable', 'mldoindex', 'mltype', 'mlconstraint', 'mlcolumn', 'mlfunction', 'mltrigger', 'mlpolicy', 'mlinsert', 'mlindex', 'mlfk', 'mlcheck', 'mlnotnull', 'mlrename'];

/**
 * Safe recipes, each where it is meant to run. Information-level advice may remain (a statement
 * timeout would cut a long VALIDATE short; separate ALTERs are the point of these recipes).
 */
const SAFE: Record<string, string> = {
  mltimeout: PER_FILE,
  mlindex: AUTOCOMMIT,
  mlfk: AUTOCOMMIT,
  mlcheck: AUTOCOMMIT,
  mlnotnull: AUTOCOMMIT,
  mlrename: PER_FILE,
  mlbackfill: AUTOCOMMIT,
};

describe('SQL snippets', () => {
  it('have unique ml… prefixes and a description', () => {
    const prefixes = Object.values(SNIPPETS).map((s) => s.prefix);
    assert.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), []);
    for (const [name, s] of Object.entries(SNIPPETS)) {
      assert.match(s.prefix, /^ml[a-z]+$/, name);
      assert.ok(s.description.trim(), `${name} has a description`);
    }
    for (const p of [...IDEMPOTENT, ...Object.keys(SAFE)]) assert.ok(byPrefix.has(p), `snippet ${p} exists`);
  });

  for (const [name, snippet] of Object.entries(SNIPPETS)) {
    it(`${snippet.prefix} (${name}) parses with its defaults`, () => {
      const text = expand(snippet.prefix);
      assert.doesNotMatch(text, /\$\{|\$\d/, 'no snippet syntax left');
      const parsed = parseSql(text);
      assert.deepEqual(parsed.syntaxErrors.map((e) => e.message), [], text);
      if (!snippet.prefix.startsWith('mlheader')) assert.ok(parsed.statements.length > 0, `${snippet.prefix} has statements:\n${text}`);
    });
  }

  it('the idempotency rules are active where the idempotent patterns are tried', () => {
    assert.ok(lint('CREATE TABLE t (id int);', INIT_SORTED).some((f) => f.category === 'idempotency'));
  });

  for (const prefix of IDEMPOTENT) {
    it(`${prefix} can be applied again: no idempotency finding`, () => {
      const text = expand(prefix, INIT_SORTED);
      assert.deepEqual(shown(lint(text, INIT_SORTED).filter((f) => f.category === 'idempotency')), [], text);
    });
  }

  it('the safety rules are active where the recipes are tried', () => {
    assert.ok(lint('ALTER TABLE t ALTER COLUMN c SET NOT NULL;', PER_FILE).some((f) => f.ruleId === 'set-not-null-on-existing-column'));
    assert.ok(lint('CREATE INDEX i ON t (c);', AUTOCOMMIT).some((f) => f.ruleId === 'create-index-not-concurrently'));
  });

  for (const [prefix, file] of Object.entries(SAFE)) {
    it(`${prefix} is a safe recipe: no safety or idempotency warning in ${file}`, () => {
      const text = expand(prefix, file);
      const serious = lint(text, file).filter((f) => (f.category === 'safety' || f.category === 'idempotency') && (f.severity === 'error' || f.severity === 'warning'));
      assert.deepEqual(shown(serious), [], text);
    });
  }

  describe('annotations of goose, dbmate, sqitch and graphile-migrate', () => {
    const lintAs = (prefix: string, convention: ConventionId, file: string) => {
      const text = expand(prefix, file);
      return { text, findings: lintText(text, { path: file, set: { convention } }).findings };
    };
    const serious = (fs: Finding[]) => fs.filter((f) => f.severity === 'error' || (f.category === 'safety' && f.severity === 'warning'));

    it('mlgoosenotx and mldbmatenotx build the index outside the runner\'s transaction: no concurrently-in-transaction', () => {
      for (const [prefix, convention, file] of [['mlgoosenotx', 'goose', 'migrations/20260501090000_snippet.sql'], ['mldbmatenotx', 'dbmate', 'db/migrations/20260501090000_snippet.sql']] as const) {
        const { text, findings } = lintAs(prefix, convention, file);
        assert.deepEqual(shown(serious(findings)), [], text);
      }
      // Without the opt-out, the same index in a goose file is an error.
      const text = '-- +goose Up\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_c_idx ON t (c);\n';
      assert.ok(lintText(text, { path: 'migrations/1_x.sql', set: { convention: 'goose' } }).findings.some((f) => f.ruleId === 'concurrently-in-transaction'));
    });

    it('mlgoose, mldbmate and mlgoosefunction give the sections their tool expects', () => {
      assert.deepEqual(splitGoose(expand('mlgoose')).problems, []);
      assert.deepEqual(splitGoose(`-- +goose Up\n${expand('mlgoosefunction')}`).problems, []);
      assert.deepEqual(splitDbmate(expand('mldbmate')).problems, []);
    });

    it('mlsqitch wraps the change in BEGIN/COMMIT as sqitch\'s template does: no transaction-nesting', () => {
      const { text, findings } = lintAs('mlsqitch', 'sqitch', 'deploy/add_table.sql');
      assert.match(text, /^-- Deploy project:add_table to pg$/m);
      assert.deepEqual(shown(serious(findings)), [], text);
    });

    it('mlgraphilenotx holds one statement after --! no-transaction', () => {
      const text = expand('mlgraphilenotx');
      assert.match(text, /^--! no-transaction\n/);
      assert.equal(parseSql(text).statements.length, 1);
    });
  });

  describe('header blocks', () => {
    const HEADER: ConfigInput = { header: { preset: 'studyboost' } };

    it('the safe header satisfies every header rule, naming the migration after its folder', () => {
      const text = `${expand('mlheader')}CREATE TABLE IF NOT EXISTS prefs (id bigint PRIMARY KEY);\n`;
      assert.match(text, /^-- Migration: 202605010900_snippet$/m);
      assert.deepEqual(shown(lint(text, PER_FILE, HEADER).filter((f) => f.category === 'header')), [], text);
    });

    it('the dangerous header carries the review checklist of the template, and turns reviewed drops into information', () => {
      const text = `${expand('mlheaderdanger')}DROP TABLE IF EXISTS legacy_orders;\n`;
      for (const line of DANGEROUS_REVIEW) assert.ok(text.includes(line.replace(/<.*>$/, '')), `${line} is in the snippet`);
      const findings = lint(text, PER_FILE, HEADER);
      assert.deepEqual(shown(findings.filter((f) => f.category === 'header')), [], text);
      const drop = findings.find((f) => f.ruleId === 'drop-table');
      assert.equal(drop?.severity, 'info', shown(findings).join('\n'));
      // Without the header the same drop is an error: the snippet is what makes the difference.
      assert.equal(lint('DROP TABLE IF EXISTS legacy_orders;\n', PER_FILE, HEADER).find((f) => f.ruleId === 'drop-table')?.severity, 'error');
    });
  });
});
