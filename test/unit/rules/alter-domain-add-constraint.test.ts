import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'alter-domain-add-constraint';
const ADD = "ALTER DOMAIN email_address ADD CONSTRAINT has_at CHECK (VALUE LIKE '%@%')";

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on a validated constraint added to an existing domain', () => {
    expectFires(ID, `${ADD};`);
    expectFires(ID, 'ALTER DOMAIN email_address ADD CHECK (VALUE <> \'\');');
  });
  it('is quiet with NOT VALID, for a domain created in the file, and for other ALTER DOMAIN forms', () => {
    expectQuiet(ID, `${ADD} NOT VALID;`);
    expectQuiet(ID, `CREATE DOMAIN email_address AS text;\n${ADD};`);
    expectQuiet(ID, 'ALTER DOMAIN email_address VALIDATE CONSTRAINT has_at;');
  });
  it('fixes with NOT VALID, and VALIDATE after it outside a transaction', () => {
    assert.equal(expectFixed(ID, `${ADD};`), `${ADD} NOT VALID;`);
    assert.equal(expectFixed(ID, `${ADD};`, { path: 'db/014_d.sql' }), `${ADD} NOT VALID;\nALTER DOMAIN email_address VALIDATE CONSTRAINT has_at;`);
  });
});
