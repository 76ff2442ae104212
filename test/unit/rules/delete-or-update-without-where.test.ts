import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'delete-or-update-without-where';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on UPDATE and DELETE without a condition, and on WHERE true', () => {
    assert.match(expectFires(ID, 'DELETE FROM sessions;')[0].message, /DELETE without a condition changes every row of sessions/);
    expectFires(ID, 'UPDATE orders o SET total = 0 FROM customers c;');
    expectFires(ID, 'DELETE FROM sessions WHERE true;');
    expectFires(ID, "DO $$ BEGIN UPDATE users SET plan = 'free'; END $$;");
  });
  it('is quiet with a condition, for a table created in this file, and in function bodies', () => {
    expectQuiet(ID, 'DELETE FROM sessions WHERE expires_at < now();');
    expectQuiet(ID, "CREATE TABLE plans (code text, label text);\nINSERT INTO plans VALUES ('free', 'Free');\nUPDATE plans SET label = upper(label);");
    expectQuiet(ID, 'CREATE OR REPLACE FUNCTION reset() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM cache; END $$;');
  });
  it('is quiet on a backfill of a column added earlier in the file (Dokploy 0107, ente 95: add, fill, SET NOT NULL)', () => {
    expectQuiet(ID, 'ALTER TABLE "application" ADD COLUMN "environmentId" text;\nUPDATE "application" SET "environmentId" = "projectId";\nALTER TABLE "application" ALTER COLUMN "environmentId" SET NOT NULL;');
    expectQuiet(ID, 'BEGIN;\nALTER table public_collection_tokens\n    ADD COLUMN IF NOT EXISTS enable_join  bool DEFAULT TRUE;\n\nUPDATE public_collection_tokens SET enable_join = FALSE;\nCOMMIT;', { path: 'server/migrations/95_public_collection_join_album.up.sql' });
    expectQuiet(ID, 'ALTER TABLE tokens ADD COLUMN is_deleted bool, ADD COLUMN last_used_at bigint;\nUPDATE tokens SET last_used_at = creation_time, is_deleted = FALSE;');
  });
  it('fires when the UPDATE also overwrites a column that was there before', () => {
    assert.match(expectFires(ID, 'ALTER TABLE users ADD COLUMN display_name text;\nUPDATE users SET name = lower(name);')[0].message, /UPDATE without a condition changes every row of users: add a WHERE clause/);
    expectFires(ID, 'ALTER TABLE users ADD COLUMN display_name text;\nUPDATE users SET display_name = name, name = lower(name);');
    // Added by an earlier migration: the column may hold the application's data by now.
    expectFires(ID, 'UPDATE "admin" SET "cleanupCacheApplications" = false;');
  });
  it('fires on a backfill of a column added IF NOT EXISTS where the file is applied again (an init-sorted set)', () => {
    const sql = 'ALTER TABLE movies ADD COLUMN IF NOT EXISTS poster_url text;\nUPDATE movies SET poster_url = \'/img/\' || id;';
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), "UPDATE movies SET poster_url = '/img/' || id");
    assert.equal(f.message, 'poster_url is added with IF NOT EXISTS and this file is applied again: from the second run on, this UPDATE overwrites what poster_url then holds in every row of movies. Fill only the rows not yet filled (WHERE … IS NULL).');
    expectQuiet(ID, 'ALTER TABLE movies ADD COLUMN IF NOT EXISTS poster_url text;\nUPDATE movies SET poster_url = \'/img/\' || id WHERE poster_url IS NULL;');
  });
});
