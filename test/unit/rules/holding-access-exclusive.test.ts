import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet, findingsOf } from './harness';

const ID = 'holding-access-exclusive';
const ALTER = 'ALTER TABLE users ADD COLUMN nickname text;';
const UPDATE = 'UPDATE users SET nickname = name;';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the first statement after the ACCESS EXCLUSIVE lock, once per transaction', () => {
    const sql = `${ALTER}\n${UPDATE}\nCREATE INDEX i ON orders (id);`;
    const found = expectFires(ID, sql);
    assert.equal(found.length, 1);
    assert.equal(found[0].start, sql.indexOf(UPDATE));
    assert.match(found[0].message, /users is still locked ACCESS EXCLUSIVE \(taken on line 1\)/);
  });
  it('fires inside an explicit transaction of a psql file', () => {
    expectFires(ID, `BEGIN;\n${ALTER}\n${UPDATE}\nCOMMIT;`, { path: 'db/012_x.sql' });
  });
  it('is quiet when the lock comes last, outside transactions, for weaker locks, or for new tables', () => {
    expectQuiet(ID, `${UPDATE}\n${ALTER}\nSET lock_timeout = 0;`);
    expectQuiet(ID, `${ALTER}\n${UPDATE}`, { path: 'db/012_x.sql' });
    expectQuiet(ID, `BEGIN;\n${ALTER}\nCOMMIT;\n${UPDATE}`, { path: 'db/012_x.sql' });
    expectQuiet(ID, `CREATE INDEX i ON users (email);\n${UPDATE}`);
    expectQuiet(ID, 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;\nINSERT INTO t VALUES (1);');
  });
  it('is quiet when only catalog changes follow the lock: they release in microseconds', () => {
    const catalogOnly = [
      "ALTER TABLE users ALTER COLUMN nickname SET DEFAULT '';",
      'ALTER TABLE users ALTER COLUMN name DROP DEFAULT;',
      "COMMENT ON COLUMN users.nickname IS 'display name';",
      'ALTER TABLE users RENAME COLUMN name TO full_name;',
      'ALTER TABLE users DROP CONSTRAINT IF EXISTS users_name_check;',
      'ALTER TABLE users ADD COLUMN bio text;',
      "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';",
      'GRANT SELECT ON users TO reporting;',
      'DROP INDEX IF EXISTS users_nickname_idx;',
      'CREATE OR REPLACE FUNCTION user_label(u users) RETURNS text LANGUAGE sql AS $$ SELECT u.name $$;',
      "CREATE TYPE user_tier AS ENUM ('free', 'pro');",
      'ALTER TABLE users ADD CONSTRAINT users_name_len CHECK (length(name) < 200) NOT VALID;',
      "SELECT set_config('app.migrating', 'on', true);",
      'CREATE TABLE user_notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));',
    ];
    expectQuiet(ID, [ALTER, ...catalogOnly].join('\n'));
  });
  it('fires on each kind of slow work while the lock is held', () => {
    const slow: [string, RegExp][] = [
      [UPDATE, /This changes data of users while users is still locked/],
      ["INSERT INTO audit_log (event) VALUES ('nickname added');", /changes data of audit_log/],
      ['CREATE INDEX users_nickname_idx ON users (nickname);', /builds an index/],
      ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);', /builds an index/],
      ['ALTER TABLE users ALTER COLUMN id TYPE bigint;', /rewrites users/],
      ['ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();', /rewrites users \(the volatile default/],
      ['ALTER TABLE users VALIDATE CONSTRAINT users_name_len;', /validates a constraint/],
      ['ALTER TABLE users ALTER COLUMN name SET NOT NULL;', /scans the table for NULLs/],
      ['SELECT count(*) FROM users;', /runs a query that reads tables/],
    ];
    for (const [stmt, message] of slow) {
      const sql = `${ALTER}\nALTER TABLE users ALTER COLUMN nickname SET DEFAULT '';\n${stmt}`;
      const found = expectFires(ID, sql);
      assert.equal(found.length, 1, sql);
      assert.equal(found[0].start, sql.indexOf(stmt), sql);
      assert.match(found[0].message, message, sql);
    }
  });
  it('leaves a CHECK or FOREIGN KEY added without NOT VALID to the not-valid rules (Dokploy 0006: a column, then its foreign key)', () => {
    // One finding on the statement, whose NOT VALID fix takes the scan out of the transaction too.
    const fk = 'ALTER TABLE "application" ADD CONSTRAINT "application_registryId_registry_registryId_fk" FOREIGN KEY ("registryId") REFERENCES "public"."registry"("registryId") ON DELETE cascade ON UPDATE no action;';
    const sql = `ALTER TABLE "application" ADD COLUMN "registryId" text;--> statement-breakpoint\nDO $$ BEGIN\n ${fk}\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;`;
    const DRIZZLE = { path: 'drizzle/0006_oval_jimmy_woo.sql' };
    expectQuiet(ID, sql, DRIZZLE);
    const [found] = findingsOf('foreign-key-not-valid-missing', sql, DRIZZLE);
    assert.equal(sql.slice(found.start, found.end), fk.slice(fk.indexOf('ADD CONSTRAINT'), fk.indexOf(';')));
    const check = 'ALTER TABLE users ADD CONSTRAINT users_name_len CHECK (length(name) < 200);';
    expectQuiet(ID, `${ALTER}\n${check}`);
    assert.equal(findingsOf('check-constraint-not-valid-missing', `${ALTER}\n${check}`).length, 1);
    // Where that rule is silenced, this one still says the validation runs under the lock.
    const silenced = `${ALTER}\n-- lens-ignore check-constraint-not-valid-missing -- a small table\n${check}`;
    assert.match(expectFires(ID, silenced)[0].message, /validates a constraint/);
  });
  it("leaves waiting for another table's lock to missing-lock-timeout (Dokploy 0142: a column added to six tables)", () => {
    // Either order holds one ACCESS EXCLUSIVE lock while waiting for the other: only lock_timeout bounds the wait.
    const SET = "SET lock_timeout = '5s';\n";
    const sql = 'ALTER TABLE "application" ADD COLUMN "ulimitsSwarm" json;\nALTER TABLE "mariadb" ADD COLUMN "ulimitsSwarm" json;\nALTER TABLE "mongo" ADD COLUMN "ulimitsSwarm" json;';
    const DRIZZLE = { path: 'drizzle/0142_outstanding_tusk.sql' };
    expectQuiet(ID, sql, DRIZZLE);
    assert.equal(findingsOf('missing-lock-timeout', sql, DRIZZLE).length, 1);
    expectQuiet(ID, SET + sql, DRIZZLE);
    assert.deepEqual(findingsOf('missing-lock-timeout', SET + sql, DRIZZLE), []);
    // A cleared timeout: missing-lock-timeout reports the next lock; slow work is reported whatever the timeout.
    const cleared = `${SET}${ALTER}\nSET lock_timeout = 0;\nALTER TABLE orders ADD COLUMN note text;`;
    expectQuiet(ID, cleared);
    assert.equal(cleared.slice(findingsOf('missing-lock-timeout', cleared)[0].start).split('\n')[0], 'ALTER TABLE orders ADD COLUMN note text;');
    assert.match(expectFires(ID, `${SET}${ALTER}\nALTER TABLE orders ADD COLUMN note text;\n${UPDATE}`)[0].message, /changes data of users/);
  });
  it('is quiet when the locked table is one the same file drops and rebuilds', () => {
    expectQuiet(ID, 'DROP TABLE IF EXISTS order_totals_cache;\nCREATE TABLE order_totals_cache (customer_id bigint PRIMARY KEY);\nDROP TRIGGER IF EXISTS orders_touch ON orders;');
  });
  it('counts no scan on a table emptied earlier in the transaction, but still the data poured back into it', () => {
    const sql = 'TRUNCATE users;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\nCREATE INDEX users_name_idx ON users (name);\nINSERT INTO users (id, name) SELECT id, name FROM accounts;';
    const found = expectFires(ID, sql);
    assert.deepEqual(found.map((f) => sql.slice(f.start, f.end)), ['INSERT INTO users (id, name) SELECT id, name FROM accounts']);
  });
});
