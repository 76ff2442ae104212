import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet, findingsOf } from './harness';

const ID = 'missing-statement-timeout';
const ALTER = "ALTER TABLE users ADD CONSTRAINT has_at CHECK (email LIKE '%@%');";
const LOCK = "SET lock_timeout = '5s';";

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('is information, on the first strong lock of an existing table', () => {
    assert.equal(expectFires(ID, `${LOCK}\nSELECT 1;\n${ALTER}`)[0].severity, 'info');
  });
  it('is quiet with statement_timeout set first, or without strong locks on existing tables', () => {
    expectQuiet(ID, `${LOCK}\nSET statement_timeout = '10min';\n${ALTER}`);
    expectQuiet(ID, 'CREATE TABLE t (id int);\nCREATE INDEX ON t (id);');
  });
  it('leaves a statement missing both timeouts to missing-lock-timeout, which names both', () => {
    expectQuiet(ID, ALTER);
    const [both] = findingsOf('missing-lock-timeout', ALTER);
    assert.match(both.message, /neither lock_timeout nor statement_timeout set/);
    // Where missing-lock-timeout is off, or guards another statement, this rule reports its own.
    const lockOff = { config: { ...defaultConfig(), rules: { 'missing-lock-timeout': { severity: 'off' as const, options: {} } } } };
    assert.equal(expectFixed(ID, ALTER, lockOff), `SET statement_timeout = '15min';\n${ALTER}`);
    const later = `${LOCK}\n${ALTER}\nSET lock_timeout = 0;\nALTER TABLE orders ADD COLUMN note text;`;
    assert.equal(findingsOf(ID, later)[0].start, later.indexOf(ALTER));
  });
  it('fixes with a statement_timeout preamble', () => {
    assert.equal(expectFixed(ID, `${LOCK}\n${ALTER}`), `SET statement_timeout = '15min';\n${LOCK}\n${ALTER}`);
  });
  it('reports its own finding where a comment silences the other half: nothing is lost, and no ignore is left unused', () => {
    const lockIgnored = `-- lens-ignore missing-lock-timeout -- waits are fine at night\n${ALTER}`;
    assert.equal(findingsOf(ID, lockIgnored).length, 1);
    assert.deepEqual(findingsOf('unused-ignore', lockIgnored), []);
    const statementIgnored = `-- lens-ignore missing-statement-timeout -- the scan is short\n${ALTER}`;
    expectQuiet(ID, statementIgnored);
    assert.doesNotMatch(findingsOf('missing-lock-timeout', statementIgnored)[0].message, /statement_timeout/);
    assert.deepEqual(findingsOf('unused-ignore', statementIgnored), []);
  });
});
