import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'drop-database';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on DROP DATABASE in any form', () => {
    const [f] = expectFires(ID, 'DROP DATABASE IF EXISTS "Legacy" WITH (FORCE);');
    assert.match(f.message, /DROP DATABASE Legacy/);
    assert.equal(f.severity, 'error');
  });
  it('is quiet on other drops and on CREATE DATABASE', () => {
    expectQuiet(ID, 'CREATE DATABASE scratch;');
    expectQuiet(ID, 'DROP SCHEMA legacy;');
  });
});
