import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-policy-without-drop';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on CREATE POLICY without an earlier DROP POLICY', () => {
    expectFires(ID, 'CREATE POLICY p ON notes USING (true);');
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS notes (id int);\nCREATE POLICY p ON notes USING (true);');
  });
  it('is quiet after DROP POLICY IF EXISTS of the same policy on the same table (public. or not)', () => {
    expectQuiet(ID, 'DROP POLICY IF EXISTS p ON public.notes;\nSELECT 1;\nCREATE POLICY p ON notes USING (true);');
    expectQuiet(ID, 'DROP TABLE IF EXISTS notes;\nCREATE TABLE notes (id int);\nCREATE POLICY p ON notes USING (true);');
  });
  it('is not guarded by a DROP of another policy, or a DROP that comes after it', () => {
    expectFires(ID, 'DROP POLICY IF EXISTS q ON notes;\nCREATE POLICY p ON notes USING (true);');
    expectFires(ID, 'DROP POLICY IF EXISTS p ON other;\nCREATE POLICY p ON notes USING (true);');
    expectFires(ID, 'CREATE POLICY p ON notes USING (true);\nDROP POLICY IF EXISTS p ON notes;');
  });
  it('fixes by inserting DROP POLICY IF EXISTS, quoting names that need it', () => {
    assert.equal(
      expectFixed(ID, 'CREATE POLICY "Owners read" ON app."Notes" FOR SELECT USING (true);'),
      'DROP POLICY IF EXISTS "Owners read" ON app."Notes";\nCREATE POLICY "Owners read" ON app."Notes" FOR SELECT USING (true);',
    );
    assert.equal(expectFixed(ID, 'create policy "user" on notes using (true);'), 'DROP POLICY IF EXISTS "user" ON notes;\ncreate policy "user" on notes using (true);');
  });
});
