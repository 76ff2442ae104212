import * as assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { cleanTemp, expectSetDocsExamples, FIXTURES, setFindings } from '../helpers';

const ID = 'gap-in-numbering';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('reports each gap once, on the file after it, as information', () => {
    const found = setFindings(ID, join(FIXTURES, 'numbered'));
    assert.deepEqual(found.map((f) => [basename(f.path), f.severity]), [['100_graph_edges.sql', 'info']]);
    assert.match(found[0].message, /from 10 to 100 .*missing: 11 to 99/);
    const init = setFindings(ID, join(FIXTURES, 'init-sorted'));
    assert.deepEqual(init.map((f) => basename(f.path)), ['04_password_reset_tokens.sql']);
    assert.match(init[0].message, /missing: 3\)/);
  });
  it('ignores timestamps', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'supabase')), []);
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'prisma')), []);
  });
});
