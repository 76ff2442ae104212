import * as assert from 'node:assert/strict';
import { lex } from '../../../server/src/parse/lexer';

const pieces = (text: string) => lex(text).segments.map((s) => text.slice(s.start, s.end));

describe('lexer', () => {
  it('splits at top-level semicolons only', () => {
    const sql = "SELECT 'a;b'; SELECT \"x;y\" FROM t; DO $f$ BEGIN PERFORM 1; END $f$; SELECT E'\\';'";
    assert.deepEqual(pieces(sql), ["SELECT 'a;b'", 'SELECT "x;y" FROM t', 'DO $f$ BEGIN PERFORM 1; END $f$', "SELECT E'\\';'"]);
  });

  it('keeps comments out of segment edges and records them', () => {
    const sql = '-- head ; not a split\n/* a /* nested ; */ still */ CREATE TABLE t (id int); -- tail';
    const { comments } = lex(sql);
    assert.deepEqual(pieces(sql), ['CREATE TABLE t (id int)']);
    assert.deepEqual(comments.map((c) => c.body), ['head ; not a split', 'a /* nested ; */ still', 'tail']);
  });

  it('survives unterminated strings, identifiers, dollar quotes and comments', () => {
    for (const broken of ["SELECT 'abc", 'SELECT "abc', 'DO $$ BEGIN', 'SELECT 1 /* open', "SELECT $1, 'x"]) {
      const r = lex(broken);
      assert.equal(r.segments.length, 1, broken);
      assert.equal(r.segments[0].start, 0);
    }
  });

  it('does not mistake positional parameters or identifiers with $ for dollar quotes', () => {
    assert.deepEqual(pieces('SELECT $1; SELECT a$b$ FROM t; SELECT 2'), ['SELECT $1', 'SELECT a$b$ FROM t', 'SELECT 2']);
  });

  it('drops segments that hold only comments and whitespace', () => {
    assert.deepEqual(pieces(' ; -- x\n ; /* y */ ;'), []);
  });
});
