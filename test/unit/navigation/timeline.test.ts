import * as assert from 'node:assert/strict';
import { fileEvents } from '../../../server/src/navigation/events';
import { Timeline } from '../../../server/src/navigation/timeline';
import { parseSql } from '../../../server/src/parse/parser';

function timelineOf(...texts: string[]) {
  return new Timeline(texts.map((t) => fileEvents(parseSql(t))));
}

/** `file:event:text` of each occurrence of the object holding the first occurrence named `name`. */
function story(texts: string[], file: number, name: string): string[] {
  const tl = new Timeline(texts.map((t) => fileEvents(parseSql(t))));
  const occ = tl.byFile[file].find((o) => texts[file].slice(o.event.start, o.event.end).replace(/"/g, '') === name);
  assert.ok(occ, `no occurrence of ${name}`);
  return occ.object.occurrences.map((o) => `${o.file}:${o.event.event}:${texts[o.file].slice(o.event.start, o.event.end)}`);
}

describe('object timeline', () => {
  it('places each name on its own token, in UTF-16 units after non-ASCII text', () => {
    const text = '-- ☕ café\nCREATE TABLE "Café" ("naïve" text, b int);\nALTER TABLE "Café" ADD CONSTRAINT c CHECK (b > 0);\n';
    // Soft uses (a type or column that counts only when the timeline knows it) are left out here.
    const events = fileEvents(parseSql(text)).events.filter((e) => !e.soft);
    assert.deepEqual(
      events.map((e) => [e.event, e.target.kind, text.slice(e.start, e.end)]),
      [
        ['create', 'table', '"Café"'],
        ['create', 'column', '"naïve"'],
        ['create', 'column', 'b'],
        ['alter', 'table', '"Café"'],
        ['create', 'constraint', 'c'],
      ],
    );
  });

  it('follows a column through a rename: one object, two names', () => {
    const files = ['CREATE TABLE t (a int);', 'ALTER TABLE t RENAME COLUMN a TO b;', 'UPDATE t SET b = 1;'];
    assert.deepEqual(story(files, 2, 'b'), ['0:create:a', '1:rename:a', '1:alter:b', '2:use:b']);
  });

  it('counts the columns of a RETURNING list as uses, and a schema created as AUTHORIZATION role', () => {
    const files = ['CREATE TABLE t (id int, a int);', 'INSERT INTO t (a) VALUES (1) RETURNING id;\nUPDATE t SET a = 2 RETURNING id;\nDELETE FROM t RETURNING id;'];
    assert.deepEqual(story(files, 0, 'id'), ['0:create:id', '1:use:id', '1:use:id', '1:use:id']);
    const schema = 'CREATE SCHEMA AUTHORIZATION app_owner;';
    const [created] = fileEvents(parseSql(schema)).events;
    assert.deepEqual([created.event, created.target.kind, created.target.name, schema.slice(created.start, created.end)], ['create', 'schema', 'app_owner', 'app_owner']);
  });

  it('follows a table through a rename, its columns with it', () => {
    const files = ['CREATE TABLE t (a int);', 'ALTER TABLE t RENAME TO u;', 'INSERT INTO u (a) VALUES (1);'];
    assert.deepEqual(story(files, 2, 'u'), ['0:create:t', '1:rename:t', '1:alter:u', '2:use:u']);
    assert.deepEqual(story(files, 2, 'a'), ['0:create:a', '2:use:a']);
  });

  it('tells a table dropped and created again from the first', () => {
    const files = ['CREATE TABLE t (a int);', 'DROP TABLE t;\nCREATE TABLE t (b int);', 'SELECT b FROM t;'];
    assert.deepEqual(story(files, 0, 't'), ['0:create:t', '1:drop:t']);
    assert.deepEqual(story(files, 2, 't'), ['1:create:t', '2:use:t']);
  });

  it('knows the schema at each statement: columns, types, NOT NULL, enum values in order', () => {
    const tl = timelineOf(
      "CREATE TABLE t (id bigint PRIMARY KEY, a text);\nCREATE TYPE e AS ENUM ('x', 'z');",
      "ALTER TABLE t ALTER COLUMN a SET NOT NULL, ADD COLUMN c varchar(20);\nALTER TYPE e ADD VALUE 'y' AFTER 'x';",
    );
    const t = tl.objects.find((o) => o.kind === 'table')!;
    const e = tl.objects.find((o) => o.kind === 'type')!;
    const show = (p: { file: number; stmt: number }) => tl.columnsAt(t, p).map((c) => `${c.name} ${c.type}${c.notNull ? ' NOT NULL' : ''}`);
    assert.deepEqual(show({ file: 1, stmt: 0 }), ['id bigint NOT NULL', 'a text']);
    assert.deepEqual(show({ file: 1, stmt: 1 }), ['id bigint NOT NULL', 'a text NOT NULL', 'c varchar(20)']);
    assert.deepEqual(tl.enumValuesAt(e, { file: 1, stmt: 1 }), ['x', 'z']);
    assert.deepEqual(tl.enumValuesAt(e, { file: 2, stmt: 0 }), ['x', 'y', 'z']);
  });

  it('marks a column added twice, a use after a drop, and keeps objects made elsewhere quiet', () => {
    const tl = timelineOf('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN a int;', 'DROP TABLE t;\nALTER TABLE t ADD COLUMN b int;', 'INSERT INTO auth.users (id) VALUES (1);');
    assert.ok(tl.byFile[0].some((o) => o.duplicate && o.event.target.name === 'a'));
    assert.ok(tl.byFile[1].some((o) => o.afterDrop && o.event.target.name === 't'));
    const users = tl.objects.find((o) => o.name === 'users')!;
    assert.equal(users.created, false);
    assert.ok(!tl.byFile[2].some((o) => o.unknownMember));
  });

  it('extends a timeline by a last file as a full build would, taking the previous extension back first', () => {
    const prior = ['CREATE TABLE t (a int, b int);\nCREATE TYPE e AS ENUM (\'x\');', 'ALTER TABLE t RENAME COLUMN a TO c;'];
    const lasts = ['DROP TABLE t;\nCREATE TABLE t (z int);\nALTER TYPE e ADD VALUE \'y\';', 'ALTER TABLE t DROP COLUMN b, ADD COLUMN d int;\nALTER TABLE t RENAME TO u;', 'UPDATE t SET c = 1, b = 2;'];
    /** Everything the checks and navigation read of a timeline, with objects named by id. */
    const shape = (tl: Timeline) => ({
      objects: tl.objects.map((o) => ({ id: o.id, kind: o.kind, name: o.name, created: o.created, schema: o.schema, held: o.heldIn !== undefined, parent: o.parent?.id, children: o.children.map((c) => c.id), occurrences: o.occurrences.map((x) => x.seq), lifecycle: o.lifecycle.map((x) => x.seq) })),
      byFile: tl.byFile.map((list) => list.map((o) => ({ object: o.object.id, file: o.file, seq: o.seq, name: o.name, event: o.event.event, duplicate: o.duplicate?.seq, afterDrop: o.afterDrop?.seq, unknownMember: o.unknownMember }))),
      columns: tl.objects.filter((o) => o.kind === 'table').map((t) => tl.columnsAt(t, { file: 3, stmt: 0 }).map((c) => c.name)),
    });
    const base = timelineOf(...prior);
    let previous: Timeline | undefined;
    for (const last of [...lasts, lasts[0]]) {
      const extended = base.withLast(fileEvents(parseSql(last)));
      assert.deepEqual(shape(extended), shape(timelineOf(...prior, last)), last);
      assert.equal(previous?.current ?? false, false);
      assert.ok(extended.current);
      previous = extended;
    }
  });

  it('takes back the namespaces an extension made: typing in the last file does not grow its base', () => {
    const base = timelineOf('CREATE TABLE t (a int);');
    /** The namespaces of the base's state: members by parent object, relations by schema. */
    const spaces = () => {
      const state = (base as unknown as { state: { members: Map<unknown, unknown>; inSchema: Map<string, unknown>[] } }).state;
      return [state.members.size, ...state.inSchema.map((m) => m.size)];
    };
    const before = spaces();
    for (let i = 0; i < 3; i++) {
      const extended = base.withLast(fileEvents(parseSql(`CREATE SCHEMA s${i};\nCREATE TABLE s${i}.u${i} (b int, CONSTRAINT c${i} CHECK (b > 0));\nCREATE TYPE s${i}.e AS ENUM ('x');`)));
      assert.ok(extended.objects.some((o) => o.name === `u${i}` && o.children.length === 2));
    }
    base.append([]);
    assert.deepEqual(spaces(), before);
  });

  it('appends files to a timeline as a full build would, taking its extension back first', () => {
    const files = ['CREATE TABLE t (a int, b int);\nCREATE TYPE e AS ENUM (\'x\');', 'ALTER TABLE t RENAME COLUMN a TO c;', 'DROP TABLE t;\nCREATE TABLE t (z int);', 'ALTER TABLE t ADD COLUMN z int;\nUPDATE t SET c = 1;'];
    const shape = (tl: Timeline) => ({
      files: tl.files.length,
      objects: tl.objects.map((o) => ({ id: o.id, kind: o.kind, name: o.name, created: o.created, schema: o.schema, held: o.heldIn !== undefined, parent: o.parent?.id, children: o.children.map((c) => c.id), occurrences: o.occurrences.map((x) => x.seq), lifecycle: o.lifecycle.map((x) => x.seq) })),
      byFile: tl.byFile.map((list) => list.map((o) => ({ object: o.object.id, file: o.file, seq: o.seq, name: o.name, event: o.event.event, duplicate: o.duplicate?.seq, afterDrop: o.afterDrop?.seq, unknownMember: o.unknownMember }))),
    });
    const grown = timelineOf(files[0]);
    const extension = grown.withLast(fileEvents(parseSql(files[3])));
    grown.append(files.slice(1, 3).map((t) => fileEvents(parseSql(t))));
    assert.equal(extension.current, false, 'the extension made before is taken back');
    assert.deepEqual(shape(grown), shape(timelineOf(...files.slice(0, 3))));
    grown.append([fileEvents(parseSql(files[3]))]);
    assert.deepEqual(shape(grown), shape(timelineOf(...files)));
  });

  it('gives function bodies uses only', () => {
    const text = 'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE x (a int); UPDATE t SET a = 1; END $$;';
    const events = fileEvents(parseSql(text)).events;
    assert.ok(events.filter((e) => e.nested === 'function').every((e) => e.event === 'use'));
    assert.ok(events.some((e) => e.nested === 'function' && e.target.name === 'x'));
  });
});
