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
  it('calls an UPDATE that fills a column added earlier in the file a backfill, and advises batches', () => {
    const sql = 'ALTER TABLE users ADD COLUMN display_name text;\nUPDATE users SET display_name = name;';
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), 'UPDATE users SET display_name = name');
    assert.equal(
      f.message,
      'Backfill of display_name, added earlier in this file: it rewrites every row of users in one transaction, holding their row locks until COMMIT. On a big table, backfill in batches (UPDATE … WHERE id BETWEEN …) in separate transactions.',
    );
    // A column of the table that was there before is not a backfill.
    assert.match(expectFires(ID, 'ALTER TABLE users ADD COLUMN display_name text;\nUPDATE users SET name = lower(name);')[0].message, /add a WHERE clause/);
  });
});
