import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'many-tables-locked';
const THREE = 'ALTER TABLE a ADD COLUMN x int;\nCREATE INDEX ON b (id);\nTRUNCATE c;';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires at the statement that locks the third existing table in one transaction', () => {
    const [f] = expectFires(ID, THREE);
    assert.equal(f.start, THREE.indexOf('TRUNCATE'));
    assert.match(f.message, /3 existing tables \(a, b, c\)/);
    expectFires(ID, 'TRUNCATE a, b, c;', { path: 'db/013_x.sql' });
  });
  it('is quiet for fewer tables, separate transactions, repeated tables and new tables', () => {
    expectQuiet(ID, 'ALTER TABLE a ADD COLUMN x int;\nALTER TABLE a ADD COLUMN y int;\nALTER TABLE b ADD COLUMN y int;');
    expectQuiet(ID, THREE, { path: 'db/013_x.sql' });
    expectQuiet(ID, `CREATE TABLE c (id int);\n${THREE}`);
  });
  it('honours the threshold option', () => {
    const config = { ...defaultConfig(), rules: { [ID]: { options: { threshold: 2 } } } };
    expectFires(ID, 'ALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN y int;', { config });
    const high = { ...defaultConfig(), rules: { [ID]: { options: { threshold: 4 } } } };
    expectQuiet(ID, THREE, { config: high });
  });
});
