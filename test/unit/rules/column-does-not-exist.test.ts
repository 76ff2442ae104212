import * as assert from 'node:assert/strict';
import { fileEvents } from '../../../server/src/navigation/events';
import { parseSql } from '../../../server/src/parse/parser';
import { expectDocsExamples, expectFires, expectQuiet, findingsOf } from './harness';

const ID = 'column-does-not-exist';
const prior = (...texts: string[]) => ({ set: { priorFiles: () => texts.map((text, i) => ({ path: `/ws/migrations/000${i + 1}_x.sql`, text, events: fileEvents(parseSql(text)) })) } });

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the column name, with the rename as related information in the earlier file', () => {
    const sql = 'INSERT INTO users (id, "émail") VALUES (1, \'x\');';
    const [f] = expectFires(ID, sql, prior('CREATE TABLE users (id bigint, "émail" text);', '-- ☕\nALTER TABLE users RENAME COLUMN "émail" TO email;'));
    assert.equal(sql.slice(f.start, f.end), '"émail"');
    assert.match(f.message, /renamed to email in migrations\/0002_x\.sql:2/);
    assert.deepEqual(f.related, [{ message: 'émail is renamed to email here', path: '/ws/migrations/0002_x.sql', range: { start: { line: 1, character: 32 }, end: { line: 1, character: 39 } } }]);
  });
  it('fires on a column dropped earlier and on one never added', () => {
    assert.match(expectFires(ID, 'CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;\nUPDATE t SET b = 1;')[0].message, /dropped in line 2/);
    const sql = 'CREATE TABLE t (a int);\nCREATE INDEX t_b ON t (b);';
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), 'b');
  });
  it('is quiet when it cannot be sure', () => {
    // A table not created by the migrations (Supabase's auth.users), or created with LIKE, INHERITS, IF NOT EXISTS, AS SELECT.
    expectQuiet(ID, 'INSERT INTO auth.users (id, email) VALUES (1, 2);');
    expectQuiet(ID, 'CREATE TABLE t (LIKE s INCLUDING ALL);\nUPDATE t SET x = 1;');
    expectQuiet(ID, 'CREATE TABLE t (a int) INHERITS (p);\nUPDATE t SET x = 1;');
    expectQuiet(ID, 'CREATE TABLE IF NOT EXISTS t (a int);\nUPDATE t SET x = 1;');
    expectQuiet(ID, 'CREATE TABLE t AS SELECT 1 AS x;\nUPDATE t SET x = 1;');
    // Dynamic SQL before, IF EXISTS, a DO block, a function body, a SELECT's guessed columns.
    expectQuiet(ID, "CREATE TABLE t (a int);\nDO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN ' || 'x int'; END $$;\nUPDATE t SET x = 1;");
    expectQuiet(ID, 'CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN IF EXISTS x;');
    expectQuiet(ID, 'CREATE TABLE t (a int);\nDO $$ BEGIN UPDATE t SET x = 1; EXCEPTION WHEN undefined_column THEN NULL; END $$;');
    expectQuiet(ID, 'CREATE TABLE t (a int);\nCREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ UPDATE t SET x = 1 $$;');
    expectQuiet(ID, 'CREATE TABLE t (a int);\nSELECT x FROM t;');
    // A file before that does not parse.
    expectQuiet(ID, 'UPDATE t SET x = 1;', prior('CREATE TABLE t (a int);', 'ALTER TABLE t ADD COLUMN x int'.replace('ADD', 'ADDD')));
    // Added in an earlier file, or renamed to the name used.
    expectQuiet(ID, 'UPDATE t SET x = 1;', prior('CREATE TABLE t (a int);', 'ALTER TABLE t ADD COLUMN x int;'));
    expectQuiet(ID, 'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO x;\nUPDATE t SET x = 1;');
  });
  it('follows each edit of a file after its set, resolving the earlier files once (editor: one set context while typing)', () => {
    let resolved = 0;
    const priorFiles = ['CREATE TABLE t (a int, b int);', 'ALTER TABLE t DROP COLUMN b;'].map((text, i) => {
      const events = fileEvents(parseSql(text));
      const counted = { ...events, get events() { resolved++; return events.events; } };
      return { path: `/ws/migrations/000${i + 1}_x.sql`, text, events: counted };
    });
    const set = { priorFiles: () => priorFiles };
    const messages = (sql: string) => findingsOf(ID, sql, { set }).map((f) => f.message);
    const dropped = ['Column b does not exist on t at this point: it was dropped in migrations/0002_x.sql:1.'];
    assert.deepEqual(messages('UPDATE t SET b = 1;'), dropped);
    // An edit that drops a column of the earlier files, then one that uses it: the drop was this file's only.
    assert.deepEqual(messages('ALTER TABLE t DROP COLUMN a;\nUPDATE t SET a = 1;'), ['Column a does not exist on t at this point: it was dropped in line 1.']);
    assert.deepEqual(messages('UPDATE t SET a = 1;'), []);
    assert.deepEqual(messages('UPDATE t SET b = 1;'), dropped);
    assert.equal(resolved, priorFiles.length);
  });
  it('needs the earlier files: without set context a file alone says nothing of tables it does not create', () => {
    assert.deepEqual(findingsOf(ID, 'UPDATE t SET x = 1;'), []);
  });
});
