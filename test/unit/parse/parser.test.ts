import * as assert from 'node:assert/strict';
import { fitted, parseSql } from '../../../server/src/parse/parser';

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

/** The texts given to the parser while `run` runs: pg-query.ts copies each into the parser's memory with TextEncoder's encodeInto. */
function textsParsed(run: () => void): string[] {
  const proto = TextEncoder.prototype;
  const original = proto.encodeInto;
  const seen: string[] = [];
  proto.encodeInto = function (this: typeof proto, text: string, into: Uint8Array) {
    seen.push(text);
    return original.call(this, text, into);
  };
  try {
    run();
  } finally {
    proto.encodeInto = original;
  }
  return seen;
}

describe('parseSql', () => {
  it('gives exact UTF-16 ranges after accents, CJK and emoji', () => {
    const sql = "-- Ünïcödé 日本 🎉\nINSERT INTO t VALUES ('日本🎉');\n  CREATE TABLE café (id int);";
    const f = parseSql(sql);
    assert.deepEqual(f.statements.map((s) => slice(sql, s)), ["INSERT INTO t VALUES ('日本🎉')", 'CREATE TABLE café (id int)']);
    const create = f.statements[1];
    assert.ok(create.kind === 'CreateStmt');
    const location = create.node.relation?.location ?? -1;
    assert.equal(sql.slice(f.bytes.toUtf16(create.locBase + location)).slice(0, 4), 'café');
  });

  it('keeps comments with the statement they precede', () => {
    const sql = '-- header\n/* more */\nCREATE TABLE a (id int);\n-- lens-ignore x\nCREATE TABLE b (id int);';
    const f = parseSql(sql);
    assert.deepEqual(f.statements[0].leadingComments.map((c) => c.body), ['header', 'more']);
    assert.deepEqual(f.statements[1].leadingComments.map((c) => c.body), ['lens-ignore x']);
  });

  it('reports one syntax error at PostgreSQL\'s position and keeps the other statements', () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLEX 日本 b;\nCREATE TABLE c (id int);';
    const f = parseSql(sql);
    assert.equal(f.syntaxErrors.length, 1);
    assert.match(f.syntaxErrors[0].message, /syntax error at or near "TABLEX"/);
    assert.equal(slice(sql, f.syntaxErrors[0]), 'TABLEX');
    assert.deepEqual(f.statements.map((s) => (s.kind === 'CreateStmt' ? s.node.relation?.relname : s.kind)), ['a', 'c']);
  });

  it('parses the statements whose grammar holds a semicolon as one statement (BEGIN ATOMIC bodies, rule action lists), also when only another statement changed', () => {
    const fn = 'CREATE FUNCTION one() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND';
    const rule = 'CREATE RULE keep AS ON DELETE TO a DO /* both */ INSTEAD -- then\n (INSERT INTO b VALUES (1); NOTIFY a)';
    for (const [construct, kind] of [[fn, 'CreateFunctionStmt'], [rule, 'RuleStmt']]) {
      // The second file's pieces are all cached but one: the pieces of the construct fail alone.
      for (const table of ['c', 'd']) {
        const f = parseSql(`${construct};\nCREATE TABLE ${table} (id int);`);
        assert.deepEqual(f.syntaxErrors, [], `${kind}, then table ${table}`);
        assert.deepEqual(f.statements.map((s) => s.kind), [kind, 'CreateStmt']);
      }
    }
  });

  it('keeps a BEGIN ATOMIC body or rule action list whole beside a real syntax error elsewhere in the file', () => {
    const fn = 'CREATE FUNCTION two(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a + 1;\n  SELECT a + 2;\nEND';
    const rule = 'CREATE RULE keep_é AS ON DELETE TO a DO INSTEAD (INSERT INTO b VALUES (1); NOTIFY a)';
    for (const [construct, kind] of [[fn, 'CreateFunctionStmt'], [rule, 'RuleStmt']]) {
      const sql = `CREATE TABLE 日本 (id int);\n${construct};\nSELEC 1;\nCREATE TABLE c (id int);`;
      const f = parseSql(sql);
      assert.deepEqual(f.syntaxErrors.map((e) => slice(sql, e)), ['SELEC'], kind);
      assert.deepEqual(f.statements.map((s) => [s.kind, slice(sql, s)]), [['CreateStmt', 'CREATE TABLE 日本 (id int)'], [kind, construct], ['CreateStmt', 'CREATE TABLE c (id int)']]);
    }
    // An error inside the body itself is still reported.
    const broken = 'CREATE FUNCTION three() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELEC 1;\nEND;\nSELEC 2;';
    assert.ok(parseSql(broken).syntaxErrors.some((e) => slice(broken, e) === 'SELEC' && e.start < broken.indexOf('END')));
  });

  it('parses only the edited statement of a file holding a BEGIN ATOMIC body and a rule action list: their joined pieces are cached, the file is not parsed whole', () => {
    const fn = 'CREATE FUNCTION cached_été() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN true THEN 2 END;\nEND';
    const rule = 'CREATE RULE cached_日本 AS ON DELETE TO a DO INSTEAD (INSERT INTO b VALUES (1); NOTIFY a)';
    const file = (n: number) => `CREATE TABLE 日本 (id int);\n${fn};\nCREATE TABLE edited_${n} (note text DEFAULT 'ü');\n${rule};\nSELECT '🎉';`;
    const first = parseSql(file(1));
    let edited = first;
    assert.deepEqual(textsParsed(() => (edited = parseSql(file(2)))), ["CREATE TABLE edited_2 (note text DEFAULT 'ü')"]);
    assert.deepEqual(textsParsed(() => parseSql(file(2))), []);
    const sql = file(2);
    assert.deepEqual(edited.syntaxErrors, []);
    assert.deepEqual(edited.statements.map((s) => [s.kind, slice(sql, s)]), [
      ['CreateStmt', 'CREATE TABLE 日本 (id int)'],
      ['CreateFunctionStmt', fn],
      ['CreateStmt', "CREATE TABLE edited_2 (note text DEFAULT 'ü')"],
      ['RuleStmt', rule],
      ['SelectStmt', "SELECT '🎉'"],
    ]);
    // The AST's locations of a cached join count from the join's own start.
    const ruleStmt = edited.statements[3];
    assert.ok(ruleStmt.kind === 'RuleStmt');
    const at = edited.bytes.toUtf16(ruleStmt.locBase + (ruleStmt.node.relation?.location ?? -1));
    assert.equal(sql.slice(at, at + 6), 'a DO I');
    assert.equal(edited.statements[1].memo, first.statements[1].memo, 'the function is the cached parse');
    assert.equal(edited.statements[3].memo, first.statements[3].memo, 'the rule is the cached parse');
  });

  it('keeps a BEGIN ATOMIC body of a hundred statements whole beside a syntax error, and one whose end the joins do not reach (more than 16 pieces ending in END) when the whole file parses', () => {
    const body = (n: number, stmt: (i: number) => string) => `CREATE FUNCTION long_body() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n${Array.from({ length: n }, (_, i) => `  ${stmt(i)};\n`).join('')}END`;
    const hundred = body(100, (i) => `SELECT 'é${i}'`);
    const broken = `SELEC 1;\n${hundred};\nCREATE TABLE c (id int);`;
    const b = parseSql(broken);
    assert.deepEqual(b.syntaxErrors.map((e) => slice(broken, e)), ['SELEC']);
    assert.deepEqual(b.statements.map((s) => slice(broken, s)), [hundred, 'CREATE TABLE c (id int)']);
    const cases = body(20, (i) => `SELECT CASE WHEN ${i} > 0 THEN 'ü' END`);
    const sql = `SELECT 1;\n${cases};\nCREATE TABLE c (id int);`;
    const f = parseSql(sql);
    assert.deepEqual(f.syntaxErrors, []);
    assert.deepEqual(f.statements.map((s) => slice(sql, s)), ['SELECT 1', cases, 'CREATE TABLE c (id int)']);
  });

  it('parses one join of a BEGIN ATOMIC body being typed into, not one per END after it and the whole file', () => {
    const fn = (i: number) => `CREATE FUNCTION typed_${i}() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 'é${i}';\nEND`;
    const others = Array.from({ length: 20 }, (_, i) => fn(i)).join(';\n');
    const file = (typed: string) => `CREATE FUNCTION typing() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  ${typed};\n  SELECT 2;\nEND;\n${others};`;
    parseSql(file('SELECT 1'));
    const sql = file('SELECT 1 +');
    let f = parseSql('');
    const parsed = textsParsed(() => (f = parseSql(sql)));
    // The piece alone, then its join up to the first END, which fails at the `;` after `+`: so does every longer join.
    assert.deepEqual(parsed, [sql.slice(0, sql.indexOf(';')), sql.slice(0, sql.indexOf('END') + 3)]);
    assert.deepEqual(f.syntaxErrors.map((e) => e.message), ['syntax error at end of input']);
    assert.equal(f.statements.filter((s) => s.kind === 'CreateFunctionStmt').length, 20);
  });

  it('locates errors after multi-byte text within a broken statement', () => {
    const sql = "SELECT '🎉🎉' FROM t;\nINSERT INTO t VALUES ('é', );";
    const f = parseSql(sql);
    assert.equal(f.syntaxErrors.length, 1);
    assert.equal(sql.slice(f.syntaxErrors[0].start, f.syntaxErrors[0].start + 1), ')');
  });

  it('parses DO blocks and plpgsql functions, marking guarded statements', () => {
    const sql = `DO $$
BEGIN
  CREATE TABLE t1 (id int);
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('ok');
  END IF;
  EXECUTE 'CREATE INDEX i ON t1 (id)';
END $$;
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN DELETE FROM t1; RETURN NEW; END $fn$;`;
    const f = parseSql(sql);
    const [doStmt, fn] = f.statements;
    assert.deepEqual(doStmt.nested.map((s) => [s.kind, s.scope, s.guarded, slice(sql, s)]), [
      ['CreateStmt', 'do', false, 'CREATE TABLE t1 (id int)'],
      ['CreateEnumStmt', 'do', true, "CREATE TYPE mood AS ENUM ('ok')"],
      ['IndexStmt', 'do', false, 'CREATE INDEX i ON t1 (id)'],
    ]);
    assert.deepEqual(fn.nested.map((s) => [s.kind, s.scope]), [['DeleteStmt', 'function']]);
    assert.deepEqual(f.executed.map((s) => s.kind), ['DoStmt', 'CreateStmt', 'CreateEnumStmt', 'IndexStmt', 'CreateFunctionStmt']);
  });

  it('reports PL/pgSQL syntax errors inside a DO body', () => {
    const f = parseSql('DO $$ BEGIN IF true THEN NULL; END $$;');
    assert.equal(f.syntaxErrors.length, 1);
    assert.match(f.syntaxErrors[0].message, /PL\/pgSQL/);
  });

  // PostgreSQL checks these against the catalog; without one they are not syntax errors.
  it('accepts a %ROWTYPE record whose fields are assigned, and still lints its statements', () => {
    const sql = `CREATE OR REPLACE FUNCTION archive_order(p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_order public.orders%ROWTYPE;
BEGIN
  SELECT * INTO v_order FROM orders WHERE id = p_id;
  v_order.status := 'archived';
  v_order.archived_at := now();
  INSERT INTO orders_archive SELECT (v_order).*;
END;
$$;
DO $$
DECLARE
  r orders%rowtype;
BEGIN
  r.id := 1;
  DELETE FROM orders WHERE id = r.id;
END $$;`;
    const f = parseSql(sql);
    assert.deepEqual(f.syntaxErrors, []);
    assert.deepEqual(f.statements[0].nested.map((s) => s.kind), ['SelectStmt', 'InsertStmt']);
    assert.deepEqual(f.statements[1].nested.map((s) => [s.kind, slice(sql, s)]), [['DeleteStmt', 'DELETE FROM orders WHERE id = r.id']]);
  });

  it('accepts variables of an extension type or an enum in a multi-item INTO list', () => {
    const sql = `CREATE FUNCTION nearest_depot(p_lon float8, p_lat float8) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_point geometry(Point, 4326) := ST_SetSRID(ST_MakePoint(p_lon, p_lat), 4326);
  v_area  public.geography;
  v_state depot_state;
  v_id    bigint;
BEGIN
  SELECT d.id, d.area, d.state INTO v_id, v_area, v_state FROM depots d ORDER BY d.geom <-> v_point LIMIT 1;
  RETURN v_id;
END;
$$;`;
    const f = parseSql(sql);
    assert.deepEqual(f.syntaxErrors, []);
    assert.deepEqual(f.statements[0].nested.map((s) => s.kind), ['SelectStmt']);
  });

  it('still reports grammar errors and real PL/pgSQL mistakes in such bodies', () => {
    const bad = parseSql('DO $$ DECLARE r orders%ROWTYPE; BEGIN r.id := 1 END $$;');
    assert.equal(bad.syntaxErrors.length, 1);
    const undeclared = parseSql('DO $$ DECLARE r orders%ROWTYPE; BEGIN q.id := 1; END $$;');
    assert.match(undeclared.syntaxErrors[0]?.message ?? '', /"q\.id" is not a known variable/);
    const rec = parseSql('DO $$ DECLARE r record; a int; BEGIN SELECT 1, 2 INTO r, a; END $$;');
    assert.match(rec.syntaxErrors[0]?.message ?? '', /record variable cannot be part of multiple-item INTO list/);
  });

  it('keeps one memo per statement text with its cached parse: a first open (one parse of the whole file) and later parses of the same statements share it', () => {
    const stmts = ['CREATE TABLE memo_a (id bigint)', 'CREATE INDEX memo_a_idx ON memo_a (id)', 'ALTER TABLE memo_a ADD COLUMN note text'];
    const first = parseSql(`${stmts.join(';\n')};\n`).statements;
    // Typing: the first statement changes, the others are parsed again from the cache, moved.
    const edited = parseSql(`${['CREATE TABLE memo_a (id bigint, x int)', ...stmts.slice(1)].join(';\n')};\n`).statements;
    const alone = parseSql(`${stmts[2]};`).statements;
    assert.equal(first.length, 3);
    assert.equal(new Set(first.map((s) => s.memo)).size, 3, 'each statement its own memo');
    assert.notEqual(edited[0].memo, first[0].memo);
    assert.equal(edited[1].memo, first[1].memo);
    assert.equal(edited[2].memo, first[2].memo);
    assert.equal(alone[0].memo, first[2].memo);
  });

  it('parses a long new file in batches of statements, each statement where it stands; a syntax error or a BEGIN ATOMIC body leaves the other batches alone', () => {
    // About 90 KB of statements with a non-ASCII comment before each (bytes and UTF-16 offsets differ): several batches.
    const atomic = 'CREATE FUNCTION batch_f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND';
    const table = (i: number) => `CREATE TABLE batch_café_${i} (id bigint, note text)`;
    const file = (special: string) => {
      const stmts = Array.from({ length: 1200 }, (_, i) => (i === 700 ? special : table(i)));
      return { stmts, sql: stmts.map((s, i) => `-- étape ${i} 日本\n${s};\n`).join('') };
    };
    const bad = file('CREATE TABLEX oops (id int)');
    const f = parseSql(bad.sql);
    assert.deepEqual(f.syntaxErrors.map((e) => slice(bad.sql, e)), ['TABLEX']);
    assert.deepEqual(f.statements.map((s) => slice(bad.sql, s)), bad.stmts.filter((_, i) => i !== 700));
    for (const s of f.statements) {
      assert.ok(s.kind === 'CreateStmt');
      // The AST's locations count from where each statement's batch starts.
      const name = s.node.relation?.relname ?? '';
      const at = f.bytes.toUtf16(s.locBase + (s.node.relation?.location ?? -1));
      assert.equal(bad.sql.slice(at, at + name.length), name);
    }
    // The batches filled the cache: a statement parsed alone later shares its memo.
    assert.equal(parseSql(`${table(5)};`).statements[0].memo, f.statements[5].memo);
    const good = file(atomic);
    const g = parseSql(good.sql);
    assert.deepEqual(g.syntaxErrors, []);
    assert.deepEqual(g.statements.map((s) => slice(good.sql, s)), good.stmts);
    assert.equal(g.statements[700].kind, 'CreateFunctionStmt');
  });

  it('fills the cache from a batch holding a BEGIN ATOMIC body too: only the body\'s pieces are parsed alone, and joined', () => {
    const atomic = 'CREATE FUNCTION batch_joined() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND';
    const stmts = Array.from({ length: 600 }, (_, i) => (i === 300 ? atomic : `CREATE TABLE joined_café_${i} (id bigint, note text)`));
    const sql = stmts.map((s, i) => `-- étape ${i} 日本\n${s};\n`).join('');
    let f = parseSql('');
    const parsed = textsParsed(() => (f = parseSql(sql)));
    // Batches hold several statements (a `;` between them); the body's join holds its own `;`s.
    assert.deepEqual(parsed.filter((t) => !t.includes(';') && !atomic.includes(t)), [], 'every statement parsed alone is a piece of the body');
    assert.deepEqual(parsed.filter((t) => t.startsWith('CREATE FUNCTION') && t.includes(';')), [atomic]);
    assert.deepEqual(f.syntaxErrors, []);
    assert.deepEqual(f.statements.map((s) => slice(sql, s)), stmts);
    const table = f.statements[301];
    assert.ok(table.kind === 'CreateStmt');
    const at = f.bytes.toUtf16(table.locBase + (table.node.relation?.location ?? -1));
    assert.equal(sql.slice(at, at + 20), 'joined_café_301 (id ');
  });

  it('keeps a memo list as a copy of its own, and every empty one as one shared frozen list', () => {
    const found = [{ name: 'a' }, { name: 'b' }];
    const kept = fitted(found);
    assert.notEqual(kept, found);
    assert.deepEqual(kept, found);
    assert.equal(kept[0], found[0], 'the elements themselves are kept');
    assert.equal(fitted([]), fitted([]));
    assert.ok(Object.isFrozen(fitted([])));
  });

  it('handles empty, comment-only and statement-without-semicolon files', () => {
    assert.deepEqual(parseSql('').statements, []);
    assert.deepEqual(parseSql('-- nothing\n').statements, []);
    const sql = 'SELECT 1;\nSELECT 2 -- trailing';
    const f = parseSql(sql);
    assert.deepEqual(f.statements.map((s) => slice(sql, s)), ['SELECT 1', 'SELECT 2']);
  });

  it('reports a block comment the file ends inside, as PostgreSQL does (not an empty file)', () => {
    for (const sql of ['/*', 'SELECT 1;\n/* unterminated /* nested */ still open']) {
      const f = parseSql(sql);
      assert.deepEqual(f.syntaxErrors.map((e) => [e.message, slice(sql, e)]), [['unterminated /* comment at or near "/*"', '/*']], sql);
    }
    assert.deepEqual(parseSql('SELECT 1; /* closed /* nested */ */').syntaxErrors, []);
  });
});
