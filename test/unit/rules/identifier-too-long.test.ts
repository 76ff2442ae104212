import * as assert from 'node:assert/strict';
import { fileEvents } from '../../../server/src/navigation/events';
import { parseSql } from '../../../server/src/parse/parser';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'identifier-too-long';
const a63 = 'a'.repeat(63);
const prior = (...texts: string[]) => ({ path: '/ws/drizzle/0050_x.sql', set: { priorFiles: () => texts.map((text, i) => ({ path: `/ws/drizzle/004${i}_x.sql`, text, events: fileEvents(parseSql(text)) })) } });

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('counts bytes, not characters', () => {
    // 32 × "é" is 32 characters but 64 bytes.
    const name = 'é'.repeat(32);
    const sql = `CREATE TABLE t ("${name}" int);`;
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), `"${name}"`);
    assert.match(f.message, /64 bytes/);
    expectQuiet(ID, `CREATE TABLE t ("${'é'.repeat(31)}x" int);`);
  });
  it('fires on unquoted names over 63 bytes, and only there', () => {
    const sql = `-- ünïcode first\nCREATE INDEX ${a63}b ON t (x);`;
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), `${a63}b`);
    expectQuiet(ID, `CREATE INDEX ${a63} ON t (x);`);
  });
  it('ignores long string literals and comments, and checks DO block statements', () => {
    expectQuiet(ID, `-- ${'x'.repeat(80)}\nINSERT INTO t VALUES ('${'x'.repeat(80)}');`);
    expectFires(ID, `DO $$ BEGIN CREATE TABLE ${'b'.repeat(70)} (id int); END $$;`);
    expectQuiet(ID, `CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'x' || ${"'y' || ".repeat(20)}'z' $body$;\nCOMMENT ON TABLE t IS E'${'x'.repeat(80)}';`);
    const sql = `CREATE TABLE t (note text DEFAULT E'${'x'.repeat(80)}', ${'c'.repeat(70)} int);`;
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), 'c'.repeat(70));
  });
  it('tells a long quoted name among short ones (Prisma) from the text between two short names', () => {
    const between = ' TEXT NOT NULL DEFAULT \'a value long enough to pass sixty-three bytes\', ';
    expectQuiet(ID, `CREATE TABLE "User" ("id"${between}"email" TEXT);`);
    const sql = `CREATE TABLE "User" ("id"${between}"${'e'.repeat(64)}" TEXT, "x" int);`;
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), `"${'e'.repeat(64)}"`);
  });
  it('warns (PostgreSQL truncates with a NOTICE) on a long foreign key name, as Drizzle generates them (Dokploy 0049)', () => {
    const sql = 'ALTER TABLE "domain" ADD CONSTRAINT "domain_previewDeploymentId_preview_deployments_previewDeploymentId_fk" FOREIGN KEY ("previewDeploymentId") REFERENCES "public"."preview_deployments"("previewDeploymentId") ON DELETE cascade ON UPDATE no action;';
    const [f] = expectFires(ID, sql);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /69 bytes: PostgreSQL keeps its first 63 and stores it as "domain_previewDeploymentId_preview_deployments_previewDeploymen"/);
    assert.match(f.message, /SQL naming it in full still reaches it/);
  });
  it('says when two names of the file become the same', () => {
    const stem = `idx_${'x'.repeat(60)}`;
    const sql = `CREATE INDEX ${stem}_a ON t (a);\nCREATE INDEX ${stem}_b ON t (b);\nDROP INDEX ${stem}_a;`;
    const found = expectFires(ID, sql);
    assert.equal(found.length, 3);
    assert.match(found[0].message, new RegExp(`"${stem}_b" \\(line 2\\) becomes the same name: .*the second fails with "already exists"`));
    // The second CREATE meets the index the first made: the schema timeline says so for sure.
    assert.match(found[1].message, new RegExp(`index "${stem}_a" \\(line 1\\) already has that name: this CREATE fails with "already exists"`));
    // The same name written twice is one object, not a clash.
    assert.match(expectFires(ID, `CREATE INDEX ${stem}_a ON t (a);\nDROP INDEX ${stem}_a;`)[0].message, /still reaches it/);
  });
  it('names a clash with an object an earlier migration made (Drizzle foreign key names, Dokploy 0049)', () => {
    const fk = 'deployment_previewDeploymentId_preview_deployments_previewDeploymentId_fk';
    const earlier = [
      'CREATE TABLE "preview_deployments" ("previewDeploymentId" text PRIMARY KEY);\nCREATE TABLE "deployment" ("deploymentId" text PRIMARY KEY, "previewDeploymentId" text, "previewId" text);',
      `ALTER TABLE "deployment" ADD CONSTRAINT "${fk}" FOREIGN KEY ("previewDeploymentId") REFERENCES "public"."preview_deployments"("previewDeploymentId");`,
    ];
    const sql = `ALTER TABLE "deployment" ADD CONSTRAINT "${fk}2" FOREIGN KEY ("previewId") REFERENCES "public"."preview_deployments"("previewDeploymentId");`;
    const [f] = expectFires(ID, sql, prior(...earlier));
    assert.match(f.message, new RegExp(`constraint "${fk}" \\(drizzle/0041_x.sql:1\\) already has that name: this CREATE fails with "already exists"`));
    assert.deepEqual(f.related?.map((r) => [r.path, r.range.start.line]), [['/ws/drizzle/0041_x.sql', 0]]);
    // Dropped first, or a constraint of another table: no clash.
    assert.doesNotMatch(expectFires(ID, `ALTER TABLE "deployment" DROP CONSTRAINT "${fk}";\n${sql}`, prior(...earlier))[1].message, /already has that name/);
    const other = 'CREATE TABLE "domain" ("previewDeploymentId" text);';
    assert.match(expectFires(ID, sql.replace('"deployment"', '"domain"'), prior(...earlier, other))[0].message, /SQL naming it in full still reaches it/);
  });
  it('fixes with the name PostgreSQL would store, never splitting a character', () => {
    assert.equal(expectFixed(ID, `ALTER TABLE t ADD COLUMN "${'ü'.repeat(40)}" int;`), `ALTER TABLE t ADD COLUMN "${'ü'.repeat(31)}" int;`);
    assert.equal(expectFixed(ID, `CREATE TABLE ${'X'.repeat(70)} (id int);`), `CREATE TABLE ${'x'.repeat(63)} (id int);`);
  });
});
