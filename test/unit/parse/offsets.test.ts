import * as assert from 'node:assert/strict';
import { ByteMap } from '../../../server/src/parse/offsets';

/** Reference conversion: encode the prefix and count. */
const byteOf = (text: string, u16: number) => Buffer.byteLength(text.slice(0, u16), 'utf8');

describe('ByteMap', () => {
  const samples = ['plain ascii', 'accents: é à ü', 'CJK: 日本語テキスト', 'emoji: 🎉👩‍💻 end', 'mixed é日🎉x\n🎉é'];

  for (const text of samples) {
    it(`round-trips every code point boundary of ${JSON.stringify(text)}`, () => {
      const map = new ByteMap(text);
      for (let i = 0; i <= text.length; i++) {
        const c = text.charCodeAt(i - 1);
        if (c >= 0xd800 && c <= 0xdbff) continue; // middle of a surrogate pair: not a boundary
        const b = byteOf(text, i);
        assert.equal(map.toByte(i), b, `toByte(${i})`);
        assert.equal(map.toUtf16(b), i, `toUtf16(${b})`);
      }
    });
  }

  it('maps a byte inside a multi-byte character to the character start', () => {
    const map = new ByteMap('a日b');
    assert.equal(map.toUtf16(2), 1);
    assert.equal(map.toUtf16(3), 1);
    assert.equal(map.toUtf16(4), 2);
  });

  it('handles lone surrogates as 3-byte replacement characters', () => {
    const text = 'a\ud800b';
    const map = new ByteMap(text);
    assert.equal(map.toByte(2), 4);
    assert.equal(map.toUtf16(4), 2);
  });
});
