import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { staleFiles } from '../../../server/src/docs/generate';
import { ALL_RULES } from '../../../server/src/rules/index';

describe('generated docs', () => {
  it('README rule table, docs/rules.md and the config schema match the rule files (run `npm run docs`)', () => {
    assert.deepEqual(staleFiles(join(__dirname, '../../..')), []);
  });

  it('every rule has a kebab-case id, unique, and complete docs', () => {
    const seen = new Set<string>();
    for (const r of ALL_RULES) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
      assert.ok(!seen.has(r.id), `duplicate id ${r.id}`);
      seen.add(r.id);
      for (const key of ['summary', 'why', 'instead', 'bad', 'good'] as const) assert.ok(r.docs[key].trim(), `${r.id}.docs.${key}`);
    }
  });
});
