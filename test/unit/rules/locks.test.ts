import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/src/engine';
import { parseSql } from '../../../server/src/parse/parser';
import { lockOf, strongestMode, type RelationLock } from '../../../server/src/rules/locks';

function locks(sql: string): RelationLock[] {
  return parseSql(sql).statements.flatMap(lockOf);
}

describe('locks: lockOf', () => {
  it('knows the index statements', () => {
    assert.deepEqual(locks('CREATE INDEX i ON app.users (email);'), [{ mode: 'SHARE', name: 'app.users', target: 'table' }]);
    assert.deepEqual(locks('CREATE INDEX CONCURRENTLY i ON users (email);'), [{ mode: 'SHARE UPDATE EXCLUSIVE', name: 'users', target: 'table' }]);
    assert.deepEqual(locks('DROP INDEX a, app.b;').map((l) => [l.mode, l.name, l.target]), [
      ['ACCESS EXCLUSIVE', 'a', 'index'],
      ['ACCESS EXCLUSIVE', 'app.b', 'index'],
    ]);
    assert.deepEqual(locks('REINDEX (CONCURRENTLY) TABLE users;'), [{ mode: 'SHARE UPDATE EXCLUSIVE', name: 'users', target: 'table' }]);
  });
  it('takes the strongest mode of an ALTER TABLE\'s subcommands, and locks referenced and attached tables', () => {
    assert.deepEqual(locks('ALTER TABLE users SET (fillfactor = 70), ENABLE TRIGGER ALL;'), [{ mode: 'SHARE ROW EXCLUSIVE', name: 'users', target: 'table' }]);
    assert.deepEqual(locks('ALTER TABLE users VALIDATE CONSTRAINT c;'), [{ mode: 'SHARE UPDATE EXCLUSIVE', name: 'users', target: 'table' }]);
    assert.deepEqual(locks('ALTER TABLE orders ADD FOREIGN KEY (u) REFERENCES users;').map((l) => `${l.name}:${l.mode}`), ['orders:SHARE ROW EXCLUSIVE', 'users:SHARE ROW EXCLUSIVE']);
    assert.deepEqual(locks('ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1);').map((l) => `${l.name}:${l.mode}`), ['p:SHARE UPDATE EXCLUSIVE', 'c:ACCESS EXCLUSIVE']);
    assert.deepEqual(locks('CREATE TABLE o (u int REFERENCES users);').map((l) => `${l.name}:${l.mode}`), ['users:SHARE ROW EXCLUSIVE']);
  });
  it('reads LOCK TABLE modes, TRUNCATE, triggers, policies and domains', () => {
    assert.equal(locks('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE;')[0].mode, 'SHARE ROW EXCLUSIVE');
    assert.equal(locks('LOCK users;')[0].mode, 'ACCESS EXCLUSIVE');
    assert.deepEqual(locks('TRUNCATE a, b;').map((l) => l.name), ['a', 'b']);
    assert.equal(locks('CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();')[0].mode, 'SHARE ROW EXCLUSIVE');
    assert.deepEqual(locks('DROP TRIGGER t ON app.users;'), [{ mode: 'ACCESS EXCLUSIVE', name: 'app.users', target: 'table' }]);
    assert.deepEqual(locks("ALTER DOMAIN d ADD CHECK (VALUE <> '');"), [{ mode: 'SHARE', name: 'd', target: 'domain' }]);
    assert.deepEqual(locks("ALTER DOMAIN d ADD CHECK (VALUE <> '') NOT VALID;"), []);
  });
  it('takes no table lock for plain reads and writes it does not need to know about', () => {
    assert.deepEqual(locks('SELECT 1; CREATE TABLE t (id int); ALTER INDEX i RENAME TO j;'), []);
    assert.equal(strongestMode([]), undefined);
  });
  it('never throws on unusual statements (safety rules run on all of them)', () => {
    const odd = ['CLUSTER;', 'VACUUM;', 'REINDEX SYSTEM;', 'ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b;', 'ALTER INDEX ALL IN TABLESPACE a SET TABLESPACE b;', 'ALTER MATERIALIZED VIEW mv SET (fillfactor = 50);', 'DROP INDEX;', 'ALTER TABLE IF EXISTS;', 'LOCK;', 'ALTER DOMAIN d DROP CONSTRAINT c;', 'DO $$ BEGIN EXECUTE format(\'ALTER TABLE %I ADD COLUMN x int\', t); END $$;'];
    for (const sql of odd) assert.doesNotThrow(() => lintText(sql, { path: 'db/001_x.sql' }), sql);
  });
});
