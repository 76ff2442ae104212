import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'drop-schema';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on DROP SCHEMA … CASCADE of an existing schema', () => {
    const [f] = expectFires(ID, 'DROP SCHEMA IF EXISTS billing, audit CASCADE;');
    assert.match(f.message, /billing, audit CASCADE/);
    assert.equal(f.severity, 'error');
  });
  it('is quiet without CASCADE (it fails rather than drops) and for a schema created in the file', () => {
    expectQuiet(ID, 'DROP SCHEMA billing;');
    expectQuiet(ID, 'CREATE SCHEMA staging;\nCREATE TABLE staging.t (id int);\nDROP SCHEMA staging CASCADE;');
  });
  it('fires when CREATE SCHEMA IF NOT EXISTS leaves open whether it is new', () => {
    expectFires(ID, 'CREATE SCHEMA IF NOT EXISTS staging;\nDROP SCHEMA staging CASCADE;');
  });
});
