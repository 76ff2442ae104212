import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'holding-access-exclusive';
const ALTER = 'ALTER TABLE users ADD COLUMN nickname text;';
const UPDATE = 'UPDATE users SET nickname = name;';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the first statement after the ACCESS EXCLUSIVE lock, once per transaction', () => {
    const sql = `${ALTER}\n${UPDATE}\nCREATE INDEX i ON orders (id);`;
    const found = expectFires(ID, sql);
    assert.equal(found.length, 1);
    assert.equal(found[0].start, sql.indexOf(UPDATE));
    assert.match(found[0].message, /users is still locked ACCESS EXCLUSIVE \(taken on line 1\)/);
  });
  it('fires inside an explicit transaction of a psql file', () => {
    expectFires(ID, `BEGIN;\n${ALTER}\n${UPDATE}\nCOMMIT;`, { path: 'db/012_x.sql' });
  });
  it('is quiet when the lock comes last, outside transactions, for weaker locks, or for new tables', () => {
    expectQuiet(ID, `${UPDATE}\n${ALTER}\nSET lock_timeout = 0;`);
    expectQuiet(ID, `${ALTER}\n${UPDATE}`, { path: 'db/012_x.sql' });
    expectQuiet(ID, `BEGIN;\n${ALTER}\nCOMMIT;\n${UPDATE}`, { path: 'db/012_x.sql' });
    expectQuiet(ID, `CREATE INDEX i ON users (email);\n${UPDATE}`);
    expectQuiet(ID, 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;\nINSERT INTO t VALUES (1);');
  });
});
