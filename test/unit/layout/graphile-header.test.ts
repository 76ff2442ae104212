import * as assert from 'node:assert/strict';
import { checkGraphileChain, graphileHash, headerValue, parseGraphileMigration } from '../../../server/src/layout/graphile-header';

const BODY1 = '-- Enter migration here\ncreate table if not exists app.users (id int primary key);\n';
const H1 = graphileHash(BODY1, null);
const BODY2 = '-- Enter migration here\nalter table app.users add column if not exists name text;\n';
const H2 = graphileHash(BODY2, H1);
const committed = (prev: string, hash: string, body: string, extra = '') => `--! Previous: ${prev}\n--! Hash: ${hash}\n${extra}\n${body}`;

describe('graphile-migrate headers', () => {
  it('computes graphile-migrate\'s hash (checked against a migration committed by graphile-migrate)', () => {
    // A committed file seen in a public project: its Previous and Hash headers, and its body.
    assert.equal(
      graphileHash('-- Enter migration here\nalter table projects alter column slug type varchar(24);\n', 'sha1:945ca4dc7582db640b09f81ef1b35ddb0439d30a'),
      'sha1:6b51bd9ba07e2e8ede6575a35547cb56782ca28a',
    );
  });

  it('reads headers with their positions and where the body starts', () => {
    const text = committed('-', H1, BODY1, '--! Message: create users\n');
    const m = parseGraphileMigration(text, true);
    assert.deepEqual(m.problems, []);
    assert.deepEqual(m.headers.map((h) => [h.key, h.value]), [['Previous', '-'], ['Hash', H1], ['Message', 'create users']]);
    assert.equal(text.slice(m.headers[1].start, m.headers[1].end), `--! Hash: ${H1}`);
    assert.equal(text.slice(m.bodyStart), BODY1);
    assert.equal(m.body, BODY1);
    assert.equal(headerValue(m, 'Message'), 'create users');
    assert.equal(m.noTransaction, false);
  });

  it('finds --! no-transaction on the body\'s first line only', () => {
    assert.equal(parseGraphileMigration('--! no-transaction\nALTER TYPE role ADD VALUE IF NOT EXISTS \'admin\';\n', false).noTransaction, true);
    assert.equal(parseGraphileMigration(committed('-', 'sha1:x', '--! no-transaction\nSELECT 1;\n'), true).noTransaction, true);
    assert.equal(parseGraphileMigration('SELECT 1;\n--! no-transaction\n', false).noTransaction, false);
  });

  it('refuses committed files without Previous or Hash, duplicate headers, and a missing blank line', () => {
    assert.deepEqual(parseGraphileMigration('SELECT 1;\n', true).problems.map((p) => p.message), [
      'there should be two newlines after the headers section',
      "no 'Previous' header (graphile-migrate refuses a committed migration without one)",
      "no 'Hash' header (graphile-migrate refuses a committed migration without one)",
    ]);
    assert.deepEqual(parseGraphileMigration('--! Previous: -\n--! Previous: -\n--! Hash: sha1:x\nSELECT 1;\n', true).problems.map((p) => p.message), [
      "header 'Previous' is specified more than once",
      'there should be two newlines after the headers section',
    ]);
    assert.deepEqual(parseGraphileMigration('SELECT 1;\n', false).problems, [], 'current.sql needs no headers');
  });

  it('checks the chain: Previous links and edited bodies', () => {
    const good = [
      { name: '000001.sql', text: committed('-', H1, BODY1) },
      { name: '000002-add-name.sql', text: committed(H1, H2, BODY2) },
    ];
    assert.deepEqual(checkGraphileChain(good), []);
    const edited = [good[0], { name: '000002-add-name.sql', text: committed(H1, H2, BODY2.replace('text', 'varchar(80)')) }];
    const problems = checkGraphileChain(edited);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /no longer matches its 'Hash'/);
    assert.equal(edited[1].text.slice(problems[0].start, problems[0].end), `--! Hash: ${H2}`);
    const allowed = [good[0], { name: '000002.sql', text: committed(H1, H2, BODY2.replace('text', 'varchar(80)'), '--! AllowInvalidHash\n') }];
    assert.deepEqual(checkGraphileChain(allowed), []);
    const broken = [good[0], { name: '000002.sql', text: committed('sha1:other', H2, BODY2) }];
    assert.match(checkGraphileChain(broken)[0].message, /'Previous' does not match/);
  });
});
