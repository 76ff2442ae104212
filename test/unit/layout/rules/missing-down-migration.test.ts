import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { cleanTemp, expectSetDocsExamples, FIXTURES, setFindings } from '../helpers';

const ID = 'missing-down-migration';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('fires on the up file without a down twin, as an error', () => {
    const found = setFindings(ID, join(FIXTURES, 'up-down'));
    assert.deepEqual(found.map((f) => [f.path.endsWith('002_seed_demo_data.up.sql'), f.severity]), [[true, 'error']]);
    assert.match(found[0].message, /add 002_seed_demo_data\.down\.sql/);
    assert.deepEqual([found[0].start, found[0].end], [0, 'INSERT INTO portfolios (id) VALUES (1) ON CONFLICT DO NOTHING;'.length]);
  });
  it('is quiet where down files are optional or unused', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'numbered')), []);
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'prisma')), []);
  });
  it('follows the configured severity', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'up-down'), { rules: { [ID]: 'warning' } }).map((f) => f.severity), ['warning']);
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'up-down'), { categories: { layout: 'off' } }), []);
  });
});
