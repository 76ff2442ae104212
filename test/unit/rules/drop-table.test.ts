import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'drop-table';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on dropping existing tables and lists only those', () => {
    const [f] = expectFires(ID, 'CREATE TABLE scratch (id int);\nDROP TABLE IF EXISTS scratch, public.orders CASCADE;');
    assert.match(f.message, /Dropping public\.orders loses/);
    assert.doesNotMatch(f.message, /scratch/);
    assert.match(f.message, /CASCADE/);
  });
  it('is quiet for a table created by a plain CREATE TABLE earlier in the file', () => {
    expectQuiet(ID, 'CREATE TEMP TABLE batch (id int);\nINSERT INTO batch VALUES (1);\nDROP TABLE batch;');
    expectQuiet(ID, 'CREATE TABLE public.batch AS SELECT 1 AS id;\nDROP TABLE batch;');
  });
  it('fires on the re-run wipe: DROP IF EXISTS then CREATE, and after CREATE TABLE IF NOT EXISTS', () => {
    expectFires(ID, 'DROP TABLE IF EXISTS settings;\nCREATE TABLE settings (k text);', { path: 'db/init/02_settings.sql' });
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS settings (k text);\nDROP TABLE settings;');
  });
  it('says the rows are kept, not lost, when the file copies them elsewhere first (documenso remove_template_metadata)', () => {
    const sql = '-- [CUSTOM_CHANGE] Migrate existing TemplateMeta to DocumentMeta\nINSERT INTO "DocumentMeta" ("id", "subject", "templateId")\nSELECT gen_random_uuid(), "subject", "templateId" FROM "TemplateMeta";\n\n-- DropTable\nDROP TABLE "TemplateMeta";';
    const [f] = expectFires(ID, sql);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'Dropping TemplateMeta breaks code that still uses it (line 2 copies its rows first).');
    // Dokploy 0066's "session": nothing copies it, so its rows are lost.
    assert.match(expectFires(ID, 'INSERT INTO "session_temp" ("id") SELECT "id" FROM "auth";\nDROP TABLE "session" CASCADE;')[0].message, /loses the data/);
    // One of two tables copied: the other's rows are lost.
    assert.match(expectFires(ID, 'INSERT INTO b SELECT * FROM a;\nDROP TABLE a, c;')[0].message, /Dropping a, c loses the data/);
  });
  it('is quiet for other drops', () => {
    expectQuiet(ID, 'DROP VIEW v;');
    expectQuiet(ID, 'DROP INDEX i;');
  });
});
