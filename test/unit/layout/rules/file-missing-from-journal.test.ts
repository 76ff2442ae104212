import * as assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { cleanTemp, copyFixture, expectSetDocsExamples, FIXTURES, setFindings, write } from '../helpers';

const ID = 'file-missing-from-journal';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('warns on the orphan file', () => {
    const found = setFindings(ID, join(FIXTURES, 'drizzle-v7'));
    assert.deepEqual(found.map((f) => [basename(f.path), f.severity]), [['0019_hand_written.sql', 'warning']]);
    assert.match(found[0].message, /never apply it/);
  });
  it('stays quiet when the journal cannot be read (journal-missing-file says so)', () => {
    const dir = copyFixture('drizzle-v7');
    write(dir, 'db/migrations/meta/_journal.json', 'not json');
    assert.deepEqual(setFindings(ID, dir), []);
  });
  it('is quiet for sets without a journal', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'supabase')), []);
  });
});
