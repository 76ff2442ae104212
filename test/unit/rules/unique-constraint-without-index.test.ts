import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'unique-constraint-without-index';
const NO_TX = { path: 'db/009_unique.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on ADD UNIQUE to an existing table', () => {
    expectFires(ID, 'ALTER TABLE users ADD UNIQUE (email);');
  });
  it('is quiet with USING INDEX and on a table created in the file', () => {
    expectQuiet(ID, 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;');
    expectQuiet(ID, 'CREATE TABLE users (email text);\nALTER TABLE users ADD UNIQUE (email);');
  });
  it('fixes with a concurrent unique index, attached USING INDEX (names as PostgreSQL would choose)', () => {
    assert.equal(
      expectFixed(ID, 'ALTER TABLE users ADD UNIQUE (tenant_id, "Email");', NO_TX),
      'CREATE UNIQUE INDEX CONCURRENTLY "users_tenant_id_Email_key" ON users (tenant_id, "Email");\nALTER TABLE users ADD CONSTRAINT "users_tenant_id_Email_key" UNIQUE USING INDEX "users_tenant_id_Email_key";',
    );
  });
  it('offers no fix in a transaction or for options the recipe cannot carry', () => {
    assert.equal(expectFires(ID, 'ALTER TABLE users ADD UNIQUE (email);')[0].fixes.length, 0);
    assert.equal(expectFires(ID, 'ALTER TABLE users ADD UNIQUE (email) DEFERRABLE;', NO_TX)[0].fixes.length, 0);
  });
  it('fires on ADD COLUMN … UNIQUE on an existing table, not on a new or emptied one', () => {
    const [f] = expectFires(ID, 'ALTER TABLE users ADD COLUMN referral_code text UNIQUE;');
    assert.match(f.message, /^ADD COLUMN referral_code … UNIQUE builds its index while users is locked ACCESS EXCLUSIVE/);
    expectQuiet(ID, 'CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN referral_code text UNIQUE;');
    expectQuiet(ID, 'TRUNCATE users;\nALTER TABLE users ADD COLUMN referral_code text UNIQUE;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN referral_code text;');
  });
});
