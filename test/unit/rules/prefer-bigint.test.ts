import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'prefer-bigint';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on int/smallint/serial keys and *_id columns, at the type', () => {
    const sql = 'CREATE TABLE t (id serial PRIMARY KEY, owner_id INTEGER, n int);';
    const found = expectFires(ID, sql);
    assert.deepEqual(found.map((f) => sql.slice(f.start, f.end)), ['serial', 'INTEGER']);
    expectFires(ID, 'CREATE TABLE t (code smallint, PRIMARY KEY (code));');
    expectFires(ID, 'ALTER TABLE t ADD COLUMN parent_id int4;');
    expectFires(ID, 'ALTER TABLE t ALTER COLUMN id TYPE integer;');
  });
  it('is quiet for bigint ids, counters and int arrays', () => {
    expectQuiet(ID, 'CREATE TABLE t (id bigserial PRIMARY KEY, owner_id bigint, retries int, tag_ids int[]);');
  });
  it('fixes with the 64-bit type', () => {
    assert.equal(expectFixed(ID, 'CREATE TABLE t (id serial PRIMARY KEY);'), 'CREATE TABLE t (id bigserial PRIMARY KEY);');
    assert.equal(expectFixed(ID, 'create table t (id integer not null, primary key (id));'), 'create table t (id bigint not null, primary key (id));');
    assert.equal(expectFixed(ID, 'ALTER TABLE t ADD COLUMN team_id smallint REFERENCES teams (id);'), 'ALTER TABLE t ADD COLUMN team_id bigint REFERENCES teams (id);');
  });
  it('reports at the right place after non-ASCII text', () => {
    const sql = "-- Größe\nCREATE TABLE t (\"ïd\" int PRIMARY KEY);";
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), 'int');
  });
});
