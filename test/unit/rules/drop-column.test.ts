import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'drop-column';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires once per dropped column, as an error, and names CASCADE', () => {
    const found = expectFires(ID, 'ALTER TABLE users DROP COLUMN a, DROP COLUMN IF EXISTS b CASCADE;');
    assert.deepEqual(found.map((f) => f.severity), ['error', 'error']);
    assert.match(found[0].message, /users\.a/);
    assert.match(found[1].message, /users\.b .*CASCADE/);
  });
  it('is quiet for columns the file provably added', () => {
    expectQuiet(ID, 'CREATE TABLE users (id int, tmp text);\nALTER TABLE users DROP COLUMN tmp;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN tmp text;\nUPDATE users SET tmp = email;\nALTER TABLE users DROP COLUMN tmp;');
  });
  it('fires when the column may predate the file (IF NOT EXISTS, guarded DO block, or after the drop)', () => {
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS users (id int, tmp text);\nALTER TABLE users DROP COLUMN tmp;');
    expectFires(ID, "DO $$ BEGIN IF to_regclass('users') IS NULL THEN CREATE TABLE users (id int, tmp text); END IF; END $$;\nALTER TABLE users DROP COLUMN tmp;");
    expectFires(ID, 'ALTER TABLE users DROP COLUMN tmp;\nALTER TABLE users ADD COLUMN tmp text;');
  });
  it('is quiet when the column is swapped for a typed copy that takes its name (ente 90_use_string_id_entity)', () => {
    const swap = (fill: string) => `BEGIN;\nALTER TABLE entity_data ADD COLUMN id_text TEXT;\nUPDATE entity_data SET id_text = ${fill};\nALTER TABLE entity_data ALTER COLUMN id_text SET NOT NULL;\nALTER TABLE entity_data DROP CONSTRAINT entity_data_pkey;\nALTER TABLE entity_data DROP COLUMN IF EXISTS id;\nALTER TABLE entity_data RENAME COLUMN id_text TO id;\nALTER TABLE entity_data ADD PRIMARY KEY (id);\nEND;`;
    expectQuiet(ID, swap('id::TEXT'), { path: 'server/migrations/90_use_string_id_entity.up.sql' });
    // The copy filled from something else: the old values are gone.
    expectFires(ID, swap("'x'"), { path: 'server/migrations/90_use_string_id_entity.up.sql' });
    // No copy takes the name: code reading id breaks.
    expectFires(ID, 'ALTER TABLE t ADD COLUMN id_text text;\nUPDATE t SET id_text = id::text;\nALTER TABLE t DROP COLUMN id;');
  });
  it('says the data is kept, not lost, when the file copies it elsewhere first (Dokploy 0133, ente 8)', () => {
    // Dokploy drizzle/0133: the owner's settings move from "user" to "webServerSettings".
    const moved = 'CREATE TABLE "webServerSettings" ("id" text PRIMARY KEY NOT NULL, "serverIp" text);\nINSERT INTO "webServerSettings" ("id", "serverIp")\nSELECT gen_random_uuid()::text, u."serverIp" FROM "user" u WHERE u."role" = \'owner\';\nALTER TABLE "user" DROP COLUMN "serverIp";';
    const [f] = expectFires(ID, moved);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'Dropping user.serverIp breaks code that still uses it (line 2 copies its data first).');
    assert.deepEqual(f.related?.map((r) => [r.message, r.range.start.line]), [['user.serverIp is copied here', 1]]);
    // ente 8_update_otts_schema_link_with_email: the user id is turned into the user's email.
    const linked = 'ALTER TABLE otts ADD COLUMN email TEXT;\nUPDATE otts SET email = (SELECT email FROM users WHERE users.user_id = otts.user_id);\nALTER TABLE otts DROP COLUMN user_id, ALTER COLUMN email SET NOT NULL;';
    assert.match(expectFires(ID, linked)[0].message, /line 2 copies its data first/);
    // Rewritten in place, read from another table's column of that name, or read after the drop: lost.
    const lost = /loses its data/;
    assert.match(expectFires(ID, 'UPDATE otts SET user_id = NULL WHERE user_id < 0;\nALTER TABLE otts DROP COLUMN user_id;')[0].message, lost);
    assert.match(expectFires(ID, 'INSERT INTO archive (user_id) SELECT user_id FROM sessions;\nALTER TABLE otts DROP COLUMN user_id;')[0].message, lost);
    assert.match(expectFires(ID, 'ALTER TABLE otts DROP COLUMN user_id;\nINSERT INTO archive (user_id) SELECT user_id FROM otts;')[0].message, lost);
  });
  it('can be silenced with a reviewed lens-ignore', () => {
    expectQuiet(ID, '-- lens-ignore drop-column -- unused since v42\nALTER TABLE users DROP COLUMN legacy;');
  });
});
