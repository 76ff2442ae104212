import * as assert from 'node:assert/strict';
import { fileEvents } from '../../../server/src/navigation/events';
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
});
