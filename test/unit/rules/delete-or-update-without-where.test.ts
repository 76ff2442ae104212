import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'delete-or-update-without-where';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on UPDATE and DELETE without a condition, and on WHERE true', () => {
    assert.match(expectFires(ID, 'DELETE FROM sessions;')[0].message, /DELETE without a condition changes every row of sessions/);
    expectFires(ID, 'UPDATE orders o SET total = 0 FROM customers c;');
    expectFires(ID, 'DELETE FROM sessions WHERE true;');
    expectFires(ID, "DO $$ BEGIN UPDATE users SET plan = 'free'; END $$;");
  });
  it('is quiet with a condition, for a table created in this file, and in function bodies', () => {
    expectQuiet(ID, 'DELETE FROM sessions WHERE expires_at < now();');
    expectQuiet(ID, "CREATE TABLE plans (code text, label text);\nINSERT INTO plans VALUES ('free', 'Free');\nUPDATE plans SET label = upper(label);");
    expectQuiet(ID, 'CREATE OR REPLACE FUNCTION reset() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM cache; END $$;');
  });
});
