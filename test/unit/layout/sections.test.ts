import * as assert from 'node:assert/strict';
import { sectionText } from '../../../server/src/layout/conventions/sections';
import { dbmateOptions, fileSections, gooseAnnotation, gooseCuts, splitDbmate, splitGoose, type SectionedFile } from '../../../server/src/layout/sections';

const sectionView = (text: string, f: SectionedFile, role: 'up' | 'down') => sectionText(text, fileSections(f), role);
import { parseSql } from '../../../server/src/parse/parser';

const at = (text: string, needle: string) => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `missing ${needle}`);
  return i;
};
const roles = (f: SectionedFile) => f.sections.map((s) => `${s.role}:${s.transaction ? 'tx' : 'no-tx'}`);
const slice = (text: string, f: SectionedFile, i: number) => text.slice(f.sections[i].start, f.sections[i].end);

describe('goose sections', () => {
  const text = [
    '-- Adds the orders table.',
    '-- +goose Up',
    'CREATE TABLE orders (id bigint PRIMARY KEY);',
    '-- +goose StatementBegin',
    'CREATE FUNCTION touch() RETURNS trigger AS $$',
    'BEGIN',
    '  NEW.updated_at := now();',
    '  RETURN NEW;',
    'END;',
    '$$ LANGUAGE plpgsql;',
    '-- +goose StatementEnd',
    '',
    '-- +goose Down',
    'DROP FUNCTION touch();',
    'DROP TABLE orders;',
    '',
  ].join('\n');

  it('splits Up and Down at their annotation lines, with offsets in the real file', () => {
    const f = splitGoose(text);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(roles(f), ['up:tx', 'down:tx']);
    assert.equal(f.sections[0].start, at(text, '-- +goose Up'));
    assert.equal(f.sections[0].end, at(text, '-- +goose Down'));
    assert.equal(f.sections[1].end, text.length);
    assert.ok(slice(text, f, 1).startsWith('-- +goose Down\nDROP FUNCTION'));
  });

  it('finds the statements goose sends one by one: a StatementBegin block is one, whatever its semicolons', () => {
    const f = splitGoose(text);
    const chunks = f.sections[0].chunks!.map((c) => text.slice(c.start, c.end));
    assert.deepEqual(chunks, ['CREATE TABLE orders (id bigint PRIMARY KEY);', text.slice(at(text, 'CREATE FUNCTION'), at(text, '$$ LANGUAGE plpgsql;') + '$$ LANGUAGE plpgsql;'.length)]);
    assert.deepEqual(f.sections[1].chunks!.map((c) => text.slice(c.start, c.end)), ['DROP FUNCTION touch();', 'DROP TABLE orders;']);
  });

  it('without StatementBegin/End a function body is cut at its first line ending in ";"', () => {
    const bare = '-- +goose Up\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n';
    const chunks = splitGoose(bare).sections[0].chunks!.map((c) => bare.slice(c.start, c.end));
    assert.equal(chunks[0], 'CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;');
  });

  it('finds the parsed statement goose would cut, and none when StatementBegin/End surround it', () => {
    const bare = '-- +goose Up\nCREATE TABLE t (id int);\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n';
    const cuts = gooseCuts(splitGoose(bare), parseSql(bare).statements);
    assert.deepEqual(cuts.map((c) => [bare.slice(c.start, c.start + 15), bare.slice(c.cutAt - 8, c.cutAt + 1)]), [['CREATE FUNCTION', 'RETURN 1;']]);
    assert.deepEqual(gooseCuts(splitGoose(text), parseSql(text).statements), []);
  });

  it('NO TRANSACTION turns the transaction off for both directions', () => {
    const f = splitGoose('-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose Down\nDROP INDEX CONCURRENTLY i;\n');
    assert.equal(f.noTransaction, true);
    assert.deepEqual(roles(f), ['up:no-tx', 'down:no-tx']);
  });

  it('annotations match case-insensitively and must start the line', () => {
    assert.equal(gooseAnnotation('-- +goose up'), 'Up');
    assert.equal(gooseAnnotation('--+goose statementbegin'), 'StatementBegin');
    assert.equal(gooseAnnotation('-- plain comment'), undefined);
    assert.match((gooseAnnotation('  -- +goose Up') as { error: string }).error, /leading whitespace/);
    assert.match((gooseAnnotation('-- +goose Sideways') as { error: string }).error, /unknown goose annotation "Sideways"/);
  });

  it('reports what goose refuses, at the offending line', () => {
    const noUp = 'CREATE TABLE t (id int);\n';
    assert.deepEqual(splitGoose(noUp).problems.map((p) => [p.message, noUp.slice(p.start, p.end)]), [
      ['goose: SQL before "-- +goose Up" (a goose migration must start with "-- +goose Up")', 'CREATE TABLE t (id int);'],
      ['goose: no "-- +goose Up" annotation (goose refuses the file)', 'CREATE TABLE t (id int);'],
    ]);
    const open = '-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n';
    const p = splitGoose(open).problems;
    assert.equal(p.length, 1);
    assert.equal(open.slice(p[0].start, p[0].end), '-- +goose StatementBegin');
    const noSemi = '-- +goose Up\nCREATE TABLE t (id int)\n-- +goose Down\nDROP TABLE t;\n';
    const q = splitGoose(noSemi).problems;
    assert.equal(q.length, 1);
    assert.equal(noSemi.slice(q[0].start, q[0].end), 'CREATE TABLE t (id int)');
    assert.match(q[0].message, /missing semicolon/);
  });

  it('a file with only an Up section has no down section', () => {
    assert.deepEqual(roles(splitGoose('-- +goose Up\nSELECT 1;\n')), ['up:tx']);
  });

  it('keeps CRLF line ends out of the sections\' lines', () => {
    const crlf = '-- +goose Up\r\nSELECT 1;\r\n-- +goose Down\r\nSELECT 2;\r\n';
    const f = splitGoose(crlf);
    assert.deepEqual(f.problems, []);
    assert.equal(f.sections[1].start, at(crlf, '-- +goose Down'));
    assert.deepEqual(f.sections[1].chunks!.map((c) => crlf.slice(c.start, c.end)), ['SELECT 2;']);
  });
});

describe('dbmate sections', () => {
  it('splits up and down, reading transaction:false per section', () => {
    const text = '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n-- migrate:down\nDROP INDEX i;\n';
    const f = splitDbmate(text);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(roles(f), ['up:no-tx', 'down:tx']);
    assert.equal(f.sections[1].start, at(text, '-- migrate:down'));
  });

  it('accepts several up/down pairs in one file', () => {
    const text = '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n-- migrate:up\nALTER TABLE a ADD COLUMN b int;\n-- migrate:down\nALTER TABLE a DROP COLUMN b;\n';
    const f = splitDbmate(text);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.sections.map((s) => s.role), ['up', 'down', 'up', 'down']);
    const up = sectionView(text, f, 'up');
    assert.equal(up.length, text.length);
    assert.ok(up.includes('CREATE TABLE a') && up.includes('ADD COLUMN b') && !up.includes('DROP'));
  });

  it('options follow the directive only when separated from it', () => {
    assert.deepEqual(dbmateOptions('-- migrate:up transaction:false'), { transaction: 'false' });
    assert.deepEqual(dbmateOptions('--migrate:down   transaction:false foo:bar:baz'), { transaction: 'false' });
    assert.equal(splitDbmate('-- migrate:upper\nSELECT 1;\n').sections.length, 0);
  });

  it('reports a missing down block, a missing up block, SQL before the up block, and down before up', () => {
    const msgs = (t: string) => splitDbmate(t).problems.map((p) => p.message);
    assert.deepEqual(msgs('-- migrate:up\nSELECT 1;\n'), ['dbmate: no "-- migrate:down" block after this "-- migrate:up" (dbmate requires one, even if empty)']);
    assert.deepEqual(msgs('SELECT 1;\n'), ['dbmate: SQL before the first "-- migrate:up" (dbmate does not support statements preceding the up block)', 'dbmate: no "-- migrate:up" block (dbmate requires each migration to define one)']);
    assert.match(msgs('-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n')[0], /before "-- migrate:up"/);
    // Comments before the first directive are fine.
    assert.deepEqual(msgs('-- header\n-- migrate:up\nSELECT 1;\n-- migrate:down\n'), []);
  });
});

describe('section views', () => {
  it('blank the other direction to spaces, keeping length, lines and UTF-16 offsets (also with non-ASCII text)', () => {
    const text = "-- Ünïcode header 🚀\n-- migrate:up\nINSERT INTO t VALUES ('é🚀');\n-- migrate:down\nDELETE FROM t WHERE v = 'é🚀';\n";
    const f = splitDbmate(text);
    const up = sectionView(text, f, 'up');
    const down = sectionView(text, f, 'down');
    for (const v of [up, down]) {
      assert.equal(v.length, text.length);
      assert.deepEqual([...v.matchAll(/\n/g)].map((m) => m.index), [...text.matchAll(/\n/g)].map((m) => m.index));
      assert.ok(v.startsWith('-- Ünïcode header 🚀\n'), 'the header before the first directive is in both views');
    }
    assert.equal(up.indexOf('INSERT'), text.indexOf('INSERT'));
    assert.equal(up.indexOf('DELETE'), -1);
    assert.equal(down.indexOf('DELETE'), text.indexOf('DELETE'));
    assert.equal(down.indexOf('INSERT'), -1);
  });

  it('a file without sections of the other direction is returned as is', () => {
    const text = '-- +goose Up\nSELECT 1;\n';
    assert.equal(sectionView(text, splitGoose(text), 'up'), text);
    assert.deepEqual(fileSections(splitGoose(`-- +goose NO TRANSACTION\n${text}`)), [{ role: 'up', start: 25, end: 48, transaction: 'none' }]);
  });
});
