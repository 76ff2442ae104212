import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'ban-char';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on char(n), character(n) and plain char', () => {
    expectFires(ID, 'CREATE TABLE t (a char(2), b character(10), c char);');
    expectFires(ID, 'ALTER TABLE t ADD COLUMN flag CHAR;');
  });
  it('is quiet for varchar, text and the internal "char" type', () => {
    expectQuiet(ID, 'CREATE TABLE t (a varchar(2), b text, c "char");');
  });
  it('fixes with text', () => {
    assert.equal(expectFixed(ID, 'CREATE TABLE t (code character(2) PRIMARY KEY);'), 'CREATE TABLE t (code text PRIMARY KEY);');
  });
});
