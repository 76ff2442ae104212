import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'uncommitted-transaction';
const PSQL = { path: 'db/316_graph_feature.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID, PSQL));
  it('fires at the BEGIN that is never closed', () => {
    const sql = 'BEGIN;\nSELECT 1;\nCOMMIT;\nSTART TRANSACTION;\nSELECT 2;';
    const [f] = expectFires(ID, sql, PSQL);
    assert.equal(sql.slice(f.start, f.end), 'START TRANSACTION');
  });
  it('is quiet when every BEGIN is closed by COMMIT, END, ROLLBACK or PREPARE TRANSACTION', () => {
    expectQuiet(ID, 'BEGIN;\nSELECT 1;\nEND;', PSQL);
    expectQuiet(ID, 'BEGIN;\nSAVEPOINT a;\nSELECT 1;\nROLLBACK TO a;\nROLLBACK;', PSQL);
    expectQuiet(ID, "BEGIN;\nSELECT 1;\nPREPARE TRANSACTION 'x';", PSQL);
    expectQuiet(ID, 'SELECT 1;', PSQL);
  });
  it('fixes by appending COMMIT, adding a missing semicolon first', () => {
    assert.equal(expectFixed(ID, 'BEGIN;\nSELECT 1;\n', PSQL), 'BEGIN;\nSELECT 1;\nCOMMIT;\n');
    assert.equal(expectFixed(ID, 'BEGIN;\nSELECT 1', PSQL), 'BEGIN;\nSELECT 1;\nCOMMIT;\n');
    assert.equal(expectFixed(ID, 'BEGIN;\nSELECT 1 -- done', PSQL), 'BEGIN;\nSELECT 1; -- done\nCOMMIT;\n');
  });
});
