import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'add-primary-key-on-existing-table';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on ADD PRIMARY KEY to an existing table', () => {
    expectFires(ID, 'ALTER TABLE audit_log ADD CONSTRAINT audit_pk PRIMARY KEY (id);');
  });
  it('is quiet with USING INDEX and on a new table', () => {
    expectQuiet(ID, 'ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;');
    expectQuiet(ID, 'CREATE TABLE audit_log (id bigint NOT NULL);\nALTER TABLE audit_log ADD PRIMARY KEY (id);');
  });
  it('fixes with a concurrent unique index and PRIMARY KEY USING INDEX', () => {
    assert.equal(
      expectFixed(ID, 'ALTER TABLE ONLY audit_log ADD PRIMARY KEY (id);', { path: 'db/010_pk.sql' }),
      'CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log (id);\nALTER TABLE ONLY audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;',
    );
  });
  it('fires on ADD COLUMN … PRIMARY KEY on an existing table, not on a new one', () => {
    const [f] = expectFires(ID, 'ALTER TABLE audit_log ADD COLUMN id bigserial PRIMARY KEY;');
    assert.match(f.message, /^ADD COLUMN id … PRIMARY KEY builds its index while audit_log is locked ACCESS EXCLUSIVE/);
    expectQuiet(ID, 'CREATE TABLE audit_log (message text);\nALTER TABLE audit_log ADD COLUMN id bigserial PRIMARY KEY;');
  });
});
