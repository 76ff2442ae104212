import * as assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { fileEvents } from '../../../server/src/navigation/events';
import { parseSql } from '../../../server/src/parse/parser';
import { rewriteFree } from '../../../server/src/rules/change-column-type';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'change-column-type';
const prior = (...texts: string[]) => ({ set: { priorFiles: () => texts.map((text, i) => ({ path: `/ws/drizzle/000${i}_x.sql`, text, events: fileEvents(parseSql(text)) })) } });

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on a type change of an existing table and says when it rewrites', () => {
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN id TYPE int;')[0].message, /rewrites the table/);
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN id TYPE text USING id::text;')[0].message, /with USING, rewrites/);
  });
  it('names the binary-coercible cases where a change is brief, when the old type is unknown', () => {
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN name TYPE varchar(500);')[0].message, /binary-coercible \(varchar\(n\) → varchar\(m\) with m ≥ n/);
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN name TYPE text;')[0].message, /varchar or varchar\(n\) → text/);
  });
  it('is quiet on a table created in the file', () => {
    expectQuiet(ID, 'CREATE TABLE users (id bigint);\nALTER TABLE users ALTER COLUMN id TYPE int;');
  });
  it('is quiet where the earlier migrations show the change needs no rewrite (a Drizzle widening)', () => {
    // Dokploy's drizzle/0054: `ALTER TABLE "application" ALTER COLUMN "memoryReservation" SET DATA TYPE text;`, here from a varchar.
    const before = 'CREATE TABLE "application" ("applicationId" text PRIMARY KEY NOT NULL, "memoryReservation" varchar(255), "price" numeric(10,2), "at" timestamp(3));';
    expectQuiet(ID, 'ALTER TABLE "application" ALTER COLUMN "memoryReservation" SET DATA TYPE text;', prior(before));
    expectQuiet(ID, 'ALTER TABLE "application" ALTER COLUMN "memoryReservation" SET DATA TYPE varchar(500);', prior(before));
    expectQuiet(ID, 'ALTER TABLE "application" ALTER COLUMN "price" SET DATA TYPE numeric(12,2);', prior(before));
    expectQuiet(ID, 'ALTER TABLE "application" ALTER COLUMN "at" SET DATA TYPE timestamp(6);', prior(before));
    // The type as the latest change left it: widened once already, then widened again.
    expectQuiet(ID, 'ALTER TABLE "application" ALTER COLUMN "memoryReservation" SET DATA TYPE varchar(1000);', prior(before, 'ALTER TABLE "application" ALTER COLUMN "memoryReservation" TYPE varchar(600);'));
  });
  it('says it rewrites, naming both types, where the earlier migrations show it does', () => {
    // Dokploy's drizzle/0054 as it is: the column was an integer.
    const before = 'CREATE TABLE "application" ("applicationId" text PRIMARY KEY NOT NULL, "memoryReservation" integer, "name" varchar(255));';
    const [f] = expectFires(ID, 'ALTER TABLE "application" ALTER COLUMN "memoryReservation" SET DATA TYPE text;', prior(before));
    assert.equal(f.message, 'Changing the type of application.memoryReservation from integer to text takes ACCESS EXCLUSIVE and rewrites the table and its indexes: add a new column, backfill, and switch over instead.');
    assert.match(expectFires(ID, 'ALTER TABLE "application" ALTER COLUMN "name" SET DATA TYPE varchar(100);', prior(before))[0].message, /from varchar\(255\) to varchar\(100\) .* rewrites/);
  });
  it('keeps the hedged message where the earlier types may have changed unseen (dynamic SQL)', () => {
    const before = ['CREATE TABLE t (c varchar(255));', "DO $$ BEGIN EXECUTE 'ALTER TABLE t ALTER COLUMN c TYPE ' || 'integer'; END $$;"];
    assert.match(expectFires(ID, 'ALTER TABLE t ALTER COLUMN c TYPE text;', prior(...before))[0].message, /unless the change is binary-coercible/);
  });
  it("answers as PostgreSQL does: a rewrite gives the table a new file (PGlite's pg_relation_filenode)", async function () {
    this.timeout(60_000);
    const pairs = [
      ['varchar(255)', 'varchar(500)'], ['varchar(255)', 'text'], ['varchar(255)', 'varchar(100)'], ['varchar', 'varchar(10)'], ['text', 'varchar'], ['text', 'varchar(10)'],
      ['char(5)', 'text'], ['numeric(10,2)', 'numeric(12,2)'], ['numeric(10,2)', 'numeric(12,3)'], ['numeric(10,2)', 'numeric'], ['numeric', 'numeric(10,2)'],
      ['timestamp(3)', 'timestamp(6)'], ['timestamp(3)', 'timestamp'], ['timestamp', 'timestamp(3)'], ['timestamp', 'timestamp(6)'], ['time(2)', 'time(4)'],
      ['cidr', 'inet'], ['integer', 'bigint'], ['integer', 'text'], ['varbit(5)', 'varbit(8)'], ['text', 'text'],
    ];
    const db = new PGlite();
    try {
      for (const [from, to] of pairs) {
        const claim = rewriteFree(from, to);
        assert.notEqual(claim, undefined, `${from} → ${to} is worked out`);
        await db.exec(`DROP TABLE IF EXISTS t; CREATE TABLE t (c ${from}); INSERT INTO t VALUES (NULL);`);
        const node = async () => (await db.query<{ f: number }>("SELECT pg_relation_filenode('t') AS f")).rows[0].f;
        const was = await node();
        await db.exec(`ALTER TABLE t ALTER COLUMN c TYPE ${to}`);
        assert.equal(claim, (await node()) === was, `${from} → ${to}: rewriteFree says ${claim ? 'no rewrite' : 'rewrite'}`);
      }
    } finally {
      await db.close();
    }
  });
});
