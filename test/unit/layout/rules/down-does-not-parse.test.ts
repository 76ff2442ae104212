import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { cleanTemp, copyFixture, expectSetDocsExamples, FIXTURES, setFindings, write } from '../helpers';

const ID = 'down-does-not-parse';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('reports the syntax error of a down file at its position', () => {
    const [f, ...rest] = setFindings(ID, join(FIXTURES, 'up-down'));
    assert.equal(rest.length, 0);
    assert.ok(f.path.endsWith('001_initial_schema.down.sql'));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /001_initial_schema\.down\.sql does not parse: .*TABEL/);
    assert.ok(f.start >= 0 && f.end > f.start && f.end <= 'DROP TABEL portfolios;'.length);
  });
  it('checks numbered _down twins too, and is quiet on valid downs', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'numbered')), []);
    const dir = copyFixture('numbered');
    write(dir, 'db/10_graph_nodes_down.sql', 'DROP TABLE graph.nodes CASCADE\nDROP SCHEMA graph;');
    assert.equal(setFindings(ID, dir).length, 1);
  });
  it('is silenced by lens-ignore-file in the down file', () => {
    const dir = copyFixture('up-down');
    write(dir, 'backend/src/db/migrations/001_initial_schema.down.sql', '-- lens-ignore-file down-does-not-parse -- kept for history\nDROP TABEL portfolios;');
    assert.deepEqual(setFindings(ID, dir), []);
  });
});
