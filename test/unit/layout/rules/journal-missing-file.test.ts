import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanTemp, copyFixture, expectSetDocsExamples, FIXTURES, setFindings, write } from '../helpers';

const ID = 'journal-missing-file';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('points at the journal entry whose file is gone', () => {
    const [f, ...rest] = setFindings(ID, join(FIXTURES, 'drizzle-v5'));
    assert.equal(rest.length, 0);
    assert.ok(f.path.endsWith('meta/_journal.json'));
    assert.equal(f.severity, 'error');
    assert.equal(readFileSync(f.path, 'utf8').slice(f.start, f.end), '"tag": "0002_another_feature"');
  });
  it('reports a journal that is not JSON', () => {
    const dir = copyFixture('drizzle-v7');
    write(dir, 'db/migrations/meta/_journal.json', '{"entries": [');
    const found = setFindings(ID, dir);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /cannot be read \(not valid JSON/);
  });
  it('is quiet when every entry has its file', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'drizzle-v7')), []);
  });
});
