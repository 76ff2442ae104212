import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readMigration } from '../../../server/src/cli/read';
import { readFromDisk } from '../../../server/src/layout/set-context';

describe('cli: a migration read for linting (readMigration)', function () {
  this.timeout(10_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'lens-read-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** What readMigration gives with the text its set's reader already has, and without it. */
  function both(name: string, bytes: Buffer) {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return { reused: readMigration(file, name, readFromDisk(file)), fresh: readMigration(file, name) };
  }

  it('takes the text its set was read with only where decoding it again gives the same', () => {
    const cases = {
      'plain.sql': Buffer.from('CREATE TABLE t (id bigint); -- café\n'),
      'bom.sql': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('CREATE TABLE t (id bigint);\n')]),
      'latin1.sql': Buffer.concat([Buffer.from('-- caf'), Buffer.from([0xe9]), Buffer.from('\nSELECT 1;\n')]),
      'nul.sql': Buffer.from('SELECT 1;\u0000\n'),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const { reused, fresh } = both(name, bytes);
      assert.deepEqual(reused, fresh, name);
    }
    assert.equal((both('bom2.sql', cases['bom.sql']).reused as { text: string }).text.charCodeAt(0), 0x43, 'the byte-order mark is dropped, as TextDecoder does');
    assert.match((both('latin2.sql', cases['latin1.sql']).reused as { notes: string[] }).notes[0], /not valid UTF-8/);
  });

  it('reads the file when its set had no text for it', () => {
    const file = path.join(dir, 'fresh.sql');
    writeFileSync(file, 'SELECT 2;\n');
    assert.deepEqual(readMigration(file, 'fresh.sql', undefined), { ok: true, text: 'SELECT 2;\n', notes: [] });
  });
});
