/** parse/positions.ts: the one conversion from engine offsets (UTF-16) to lines and columns. */
import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codePointToUtf16, LineIndex, lineColumn } from '../../../server/src/parse/positions';

describe('positions', () => {
  it('counts line breaks as LSP does: \\n, \\r\\n and a lone \\r', () => {
    const text = 'a\nbé\r\nc😀d\re\n';
    const doc = TextDocument.create('file:///x.sql', 'sql', 0, text);
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length + 2; offset++) {
      assert.deepEqual(index.positionAt(offset), doc.positionAt(offset), `offset ${offset}`);
    }
  });

  it('gives 1-based lines and UTF-16 columns; a lone \\r ends a line (the preview counted only \\n)', () => {
    const text = 'SELECT 1;\rSELECT ünï, 😀x;\r\nSELECT 3;';
    assert.deepEqual(lineColumn(text, text.indexOf('x;')), { line: 2, column: 'SELECT ünï, 😀'.length + 1 });
    assert.deepEqual(lineColumn(text, text.indexOf('SELECT 3')), { line: 3, column: 1 });
  });

  it('turns a position back into the offset, stopping at the line break', () => {
    const text = 'ab\r\ncd\nef';
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // between \r and \n: the position before the \r
      assert.equal(index.offsetAt(index.positionAt(offset)), offset);
    }
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), text.length);
  });

  it('counts PostgreSQL character positions as code points, from a start and up to a limit', () => {
    const text = 'x; SELECT 😀, é, prix';
    const start = text.indexOf('SELECT');
    assert.equal(codePointToUtf16(text, 'SELECT 😀, é, '.length - 1, start), text.indexOf('prix'));
    assert.equal(codePointToUtf16(text, 100, start, start + 3), start + 3);
    assert.equal(codePointToUtf16('a😀b', 2), 3);
  });
});
