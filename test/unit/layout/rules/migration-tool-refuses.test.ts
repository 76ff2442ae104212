import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import { cleanTemp, expectSetDocsExamples, setFindings, tempDir, write } from '../helpers';

const ID = 'migration-tool-refuses';
const shown = (root: string) => setFindings(ID, root).map((f) => `${basename(f.path)} ${f.message}`);

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));

  it('Flyway: mixing CONCURRENTLY with other statements is refused, unless mixed=true or the script config decides', () => {
    const dir = tempDir();
    write(dir, 'db/migration/V1__init.sql', 'CREATE TABLE t (a int);\n');
    write(dir, 'db/migration/V2__index.sql', "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);\n");
    const found = setFindings(ID, dir);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^Flyway refuses V2__index\.sql/);
    assert.equal(found[0].start, 'SET lock_timeout = \'5s\';\n'.length, 'on the non-transactional statement');
    write(dir, 'db/migration/V2__index.sql.conf', 'executeInTransaction=false\n');
    assert.deepEqual(shown(dir), []);
    const mixed = tempDir();
    write(mixed, 'flyway.conf', 'flyway.locations=filesystem:db/migration\nflyway.mixed=true\n');
    write(mixed, 'db/migration/V1__index.sql', "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);\n");
    assert.deepEqual(shown(mixed), []);
  });

  it('Flyway: a name Flyway cannot read', () => {
    const dir = tempDir();
    write(dir, 'db/migration/V1__init.sql', 'CREATE TABLE t (a int);\n');
    write(dir, 'db/migration/V1a__typo.sql', 'SELECT 1;\n');
    assert.deepEqual(shown(dir), ['V1a__typo.sql Flyway cannot read this name: Invalid versioned migration name format: V1a__typo.sql (could not recognise version number 1a).']);
  });

  it('goose: a body cut at a line ending in ";", and annotations goose refuses', () => {
    const dir = tempDir();
    write(dir, 'migrations/00001_f.sql', '-- +goose Up\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\n');
    write(dir, 'migrations/00002_g.sql', '-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\n');
    assert.deepEqual(shown(dir), [
      '00001_f.sql goose ends this statement at line 4 (a line ending in ";") and sends the rest as another statement: surround it with -- +goose StatementBegin and -- +goose StatementEnd.',
      '00002_g.sql goose: "-- +goose StatementBegin" without "-- +goose StatementEnd"',
    ]);
  });

  it('dbmate: a missing down block', () => {
    const dir = tempDir();
    write(dir, 'db/migrations/20240101000000_a.sql', '-- migrate:up\nCREATE TABLE a (id int);\n');
    assert.deepEqual(shown(dir), ['20240101000000_a.sql dbmate: no "-- migrate:down" block after this "-- migrate:up" (dbmate requires one, even if empty)']);
  });

  it('sqitch: plan errors and a planned change without its deploy script, on the plan line', () => {
    const dir = tempDir();
    write(dir, 'sqitch.plan', '%project=p\n\nb [a] 2024-01-01T00:00:00Z A <a@x>\na 2024-01-01T00:00:00Z A <a@x>\nc 2024-01-01T00:00:00Z A <a@x>\n');
    for (const c of ['a', 'b']) for (const d of ['deploy', 'revert', 'verify']) write(dir, `${d}/${c}.sql`, 'SELECT 1;\n');
    const found = setFindings(ID, dir);
    assert.deepEqual(found.map((f) => `${basename(f.path)} ${f.message}`), [
      'sqitch.plan sqitch refuses the plan: Change "b" planned 1 change before required change "a".',
      'sqitch.plan deploy/c.sql does not exist: sqitch deploy fails at change "c".',
    ]);
  });

  it('graphile-migrate: an edited committed migration and a broken chain', () => {
    const dir = tempDir();
    write(dir, 'migrations/current.sql', '');
    // Hash of "create table a (id int);" after no previous migration, as graphile-migrate computes it.
    write(dir, 'migrations/committed/000001.sql', '--! Previous: -\n--! Hash: sha1:0000000000000000000000000000000000000000\n\ncreate table a (id int);\n');
    const found = shown(dir);
    assert.equal(found.length, 1);
    assert.match(found[0], /^000001\.sql graphile-migrate refuses 000001\.sql: the body no longer matches its 'Hash'/);
  });

  it('is quiet for conventions whose tool reads plain SQL', () => {
    const dir = tempDir();
    write(dir, 'db/001_a.sql', 'CREATE TABLE a (id int);\n');
    assert.deepEqual(shown(dir), []);
  });
});
