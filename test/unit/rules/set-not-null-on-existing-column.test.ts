import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { lintText } from '../../../server/src/engine';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'set-not-null-on-existing-column';
const NO_TX = { path: 'db/015_not_null.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on SET NOT NULL of an existing table', () => {
    expectFires(ID, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;');
    expectFires(ID, 'ALTER TABLE users ALTER email SET NOT NULL, ALTER name SET NOT NULL;');
  });
  it('is quiet on a table created in the file and after the validated CHECK recipe', () => {
    expectQuiet(ID, 'CREATE TABLE users (email text);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;');
    expectQuiet(ID, 'ALTER TABLE users ADD CONSTRAINT e_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT e_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;');
    // The CHECK was added NOT VALID in an earlier migration: only its name links it to the column.
    expectQuiet(ID, 'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;');
  });
  it('still fires when the CHECK is not validated, or proves another column', () => {
    expectFires(ID, 'ALTER TABLE users ADD CONSTRAINT e_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;');
    expectFires(ID, 'ALTER TABLE users ADD CONSTRAINT n_nn CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT n_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;');
  });
  it('fixes with the CHECK NOT VALID, VALIDATE, SET NOT NULL, DROP CHECK recipe', () => {
    assert.equal(
      expectFixed(ID, 'ALTER TABLE users ALTER COLUMN "order" SET NOT NULL;'),
      [
        'ALTER TABLE users ADD CONSTRAINT users_order_not_null_check CHECK ("order" IS NOT NULL) NOT VALID;',
        'ALTER TABLE users VALIDATE CONSTRAINT users_order_not_null_check;',
        'ALTER TABLE users ALTER COLUMN "order" SET NOT NULL;',
        'ALTER TABLE users DROP CONSTRAINT users_order_not_null_check;',
      ].join('\n'),
    );
  });
  it('its fix triggers no other finding about the recipe outside a transaction', () => {
    const fixed = expectFixed(ID, "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", NO_TX);
    assert.deepEqual(lintText(fixed, NO_TX).findings.filter((f) => f.category === 'safety' && f.severity !== 'info').map((f) => f.ruleId), []);
  });
  it('offers no recipe before PostgreSQL 12, where the CHECK does not spare the scan', () => {
    const [f] = expectFires(ID, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', { config: { ...defaultConfig(), postgresVersion: 11 } });
    assert.equal(f.fixes.length, 0);
  });
  it('is quiet on a table emptied earlier in the same transaction, or dropped by the same file', () => {
    expectQuiet(ID, 'DELETE FROM users;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;');
    expectQuiet(ID, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nDROP TABLE users;');
  });
});
