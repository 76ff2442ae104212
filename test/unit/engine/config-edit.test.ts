/** Adding a candidate folder to `.migration-lens.json`: the rest of the file is kept byte for byte; a broken file is refused. */
import * as assert from 'node:assert/strict';
import { parseConfigText } from '../../../server/src/config';
import { addFolderSet } from '../../../server/src/config-edit';

function added(text: string | undefined, folder: string): string {
  const edit = addFolderSet(text, folder);
  assert.ok(edit.ok, edit.ok ? '' : edit.message);
  assert.deepEqual(parseConfigText(edit.text, 'cfg').problems, []);
  return edit.text;
}

describe('adding a folder set to the configuration', () => {
  it('creates the file when there is none', () => {
    assert.equal(added(undefined, 'src/app/sql/'), '{\n  "sets": [\n    {\n      "folders": [\n        "src/app/sql"\n      ]\n    }\n  ]\n}\n');
  });

  it('adds "sets" to an existing file, keeping its comments and formatting', () => {
    const text = '{\n    // the team\'s settings\n    "postgresVersion": 16,   // prod\n    "rules": { "drop-table": "error" }\n}\n';
    const out = added(text, 'db/sql');
    assert.equal(out, '{\n    // the team\'s settings\n    "postgresVersion": 16,   // prod\n    "rules": { "drop-table": "error" },\n    "sets": [{ "folders": ["db/sql"] }]\n}\n');
    assert.deepEqual(parseConfigText(out, 'cfg').config.sets, [{ folders: ['db/sql'] }]);
    assert.deepEqual(parseConfigText(out, 'cfg').config.rules, { 'drop-table': 'error' });
  });

  it('keeps a comment at the end of the last line, a trailing comma, CRLF line ends, a one-line file', () => {
    assert.equal(added('{\r\n  "postgresVersion": 16 // prod\r\n}\r\n', 'sql'), '{\r\n  "postgresVersion": 16, // prod\r\n  "sets": [{ "folders": ["sql"] }]\r\n}\r\n');
    assert.equal(added('{\n  "postgresVersion": 16,\n}\n', 'sql'), '{\n  "postgresVersion": 16,\n  "sets": [{ "folders": ["sql"] }]\n}\n');
    assert.equal(added('{ "postgresVersion": 16 }', 'sql'), '{ "postgresVersion": 16, "sets": [{ "folders": ["sql"] }] }');
    assert.equal(added('{}\n', 'sql'), '{\n  "sets": [{ "folders": ["sql"] }]\n}\n');
  });

  it('appends to an existing "sets" and leaves the other sets alone', () => {
    const text = '{ "sets": [ { "name": "platform", "folders": ["init", "migrations"] } ] /* keep */ }';
    const out = added(text, 'other/sql');
    assert.ok(out.includes('{ "name": "platform", "folders": ["init", "migrations"] }'), out);
    assert.ok(out.includes('/* keep */'), out);
    assert.deepEqual(parseConfigText(out, 'cfg').config.sets, [{ name: 'platform', folders: ['init', 'migrations'] }, { folders: ['other/sql'] }]);
  });

  it('changes nothing when the folder is already in a set', () => {
    const text = '{ "sets": [{ "folders": ["./src/sql/"] }] }';
    assert.deepEqual(addFolderSet(text, 'src/sql'), { ok: true, text, changed: false });
  });

  it('refuses a file it cannot parse, or one whose "sets" is not a list, and a folder outside the workspace', () => {
    for (const [text, re] of [
      ['{ "rules": { ', /not valid JSON \(line 1: .*\): it was left unchanged/],
      ['[1, 2]', /not a JSON object/],
      ['{ "sets": {} }', /"sets" in \.migration-lens\.json is not an array/],
    ] as const) {
      const edit = addFolderSet(text, 'sql');
      assert.ok(!edit.ok && re.test(edit.message), JSON.stringify(edit));
    }
    assert.equal(addFolderSet(undefined, '../elsewhere').ok, false);
  });
});
