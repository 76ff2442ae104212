import * as assert from 'node:assert/strict';
import { fileEvents, outlineLabel } from '../../../server/src/navigation/events';
import { cacheStatementParses, parseSql, STATEMENT_CACHE_ENTRIES } from '../../../server/src/parse/parser';

const STATEMENTS = [
  '-- ☕ café\nCREATE TABLE "Café" ("naïve" text, b int)',
  'ALTER TABLE "Café" ADD CONSTRAINT c CHECK (b > 0)',
  "DO $$ BEGIN IF true THEN ALTER TABLE \"Café\" RENAME COLUMN b TO d; END IF; END $$",
  'CREATE INDEX café_idx ON "Café" (d) WHERE "naïve" IS NOT NULL',
];

describe('schema events', () => {
  it('are the same for a statement seen before at another place of another file (events are cached per statement)', () => {
    const first = `${STATEMENTS.join(';\n')};\n`;
    // The same statements, moved and in another order, after a non-ASCII comment.
    const moved = `-- 🎉 ünïcode\n${[STATEMENTS[3], STATEMENTS[0], STATEMENTS[2], STATEMENTS[1]].join(';\n\n')};\n`;
    cacheStatementParses(0);
    let fresh;
    try {
      fresh = fileEvents(parseSql(moved));
    } finally {
      cacheStatementParses(STATEMENT_CACHE_ENTRIES);
    }
    fileEvents(parseSql(first));
    const cached = fileEvents(parseSql(moved));
    assert.deepEqual(cached, fresh, 'moved from where the first file had them');
    assert.deepEqual(fileEvents(parseSql(moved)), fresh, 'reused where they stand');
    assert.deepEqual(
      cached.events.filter((e) => !e.soft).map((e) => [e.stmt, e.event, moved.slice(e.start, e.end)]),
      [
        [0, 'create', 'café_idx'],
        [0, 'use', '"Café"'],
        [0, 'use', 'd'],
        [1, 'create', '"Café"'],
        [1, 'create', '"naïve"'],
        [1, 'create', 'b'],
        [2, 'use', '"Café"'],
        [2, 'rename', 'b'],
        [2, 'alter', 'd'],
        [3, 'alter', '"Café"'],
        [3, 'create', 'c'],
      ],
    );
    // A DO block's outline names nothing (its statements are nested).
    assert.deepEqual(cached.statements.map((s) => moved.slice(s.nameStart, s.nameEnd)), ['café_idx', '"Café"', '', '"Café"']);
  });

  it('place names found after a statement of thousands of tokens, and in the statement after it', () => {
    // 3,000 columns: more tokens than the name search's first buffers hold.
    const columns = Array.from({ length: 3000 }, (_, i) => `c${i} int`).join(', ');
    const text = `CREATE TABLE wide (${columns});\nCREATE INDEX wide_idx ON wide (c2999);\n`;
    const events = fileEvents(parseSql(text)).events.filter((e) => e.target.name === 'c2999' || e.target.name === 'wide_idx');
    assert.deepEqual(
      events.map((e) => [e.stmt, e.event, text.slice(e.start, e.end)]),
      [
        [0, 'create', 'c2999'],
        [1, 'create', 'wide_idx'],
        [1, 'use', 'c2999'],
      ],
    );
  });

  it('label a statement in the outline up to its main name, else by its first line, else by its kind', () => {
    const text = 'CREATE TABLE IF NOT EXISTS\n  public."Users" (id int);\nSELECT 1\n  + 2;\nBEGIN;\n';
    const { statements } = fileEvents(parseSql(text));
    assert.deepEqual(
      statements.map((s) => outlineLabel(text, s)),
      ['CREATE TABLE IF NOT EXISTS public."Users"', 'SELECT 1', 'BEGIN'],
    );
    assert.equal(outlineLabel('', { ...statements[2], start: 0, end: 0 }), 'TransactionStmt');
  });
});
