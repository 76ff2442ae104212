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
  it('is quiet for other drops', () => {
    expectQuiet(ID, 'DROP VIEW v;');
    expectQuiet(ID, 'DROP INDEX i;');
  });
});
