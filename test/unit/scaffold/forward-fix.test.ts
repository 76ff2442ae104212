import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../../../server/src/config';
import { lintText } from '../../../server/src/engine';
import { sectionsOf, sectionText } from '../../../server/src/layout/conventions/sections';
import { RULES_BY_ID } from '../../../server/src/rules/index';
import { forwardFixOf } from '../../../server/src/scaffold/forward-fix';
import { chooseSet, createMigration } from '../../../server/src/scaffold/new-migration';
import { cleanTemp, tempDir, write } from '../layout/helpers';

function firstFix(ruleId: string, path = '/w/db/migrations/001_x.sql') {
  const bad = RULES_BY_ID.get(ruleId)!.docs.bad;
  const f = lintText(bad, { path }).findings.find((x) => x.ruleId === ruleId && x.fixes.length)!;
  assert.ok(f, `${ruleId} fires with a fix on its bad example`);
  return forwardFixOf(bad, path, f, f.fixes[0]);
}

describe('forward fixes', () => {
  after(cleanTemp);

  it('a fix that only adds statements after the finding is the new migration as it is', () => {
    const ff = firstFix('foreign-key-without-index');
    assert.equal(ff.standalone, true);
    assert.equal(ff.description, 'forward fix foreign-key-without-index');
    assert.equal(ff.body, '-- Forward fix for foreign-key-without-index in 001_x (already committed: it is not edited).\nCREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);\n');
  });

  it('a fix that rewrites or guards the committed statement is shown, commented out, for the author to adapt', () => {
    const ff = firstFix('foreign-key-not-valid-missing', '/w/prisma/migrations/20240101000000_fk/migration.sql');
    assert.equal(ff.standalone, false);
    assert.match(ff.body, /^-- Forward fix for foreign-key-not-valid-missing in 20240101000000_fk, which is already committed/);
    assert.match(ff.body, /^-- ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY \(user_id\) REFERENCES users \(id\) NOT VALID;$/m);
    // Nothing runs until the author writes it: every line is a comment.
    assert.ok(ff.body.trimEnd().split('\n').every((l) => l.startsWith('--')), ff.body);
    const preamble = firstFix('missing-lock-timeout');
    assert.match(preamble.body, /would have added the lines below to it/);
    assert.match(preamble.body, /^-- SET lock_timeout = '5s';$/m);
  });

  it('the body goes into the up section of a goose file', () => {
    const root = tempDir();
    write(root, 'db/migrations/20240101000000_init.sql', '-- +goose Up\nCREATE TABLE orders (id bigint);\n\n-- +goose Down\nDROP TABLE orders;\n');
    const choice = chooseSet(root, resolveConfig({}), undefined);
    assert.ok('set' in choice && choice.set.convention === 'goose', JSON.stringify(choice));
    const created = createMigration(choice.set, resolveConfig({}), { description: 'forward fix x', body: 'CREATE INDEX orders_id_idx ON orders (id);\n', now: new Date(Date.UTC(2026, 0, 1)) });
    const text = readFileSync(created.main, 'utf8');
    const up = sectionText(text, sectionsOf('goose', text)!, 'up');
    assert.match(up, /CREATE INDEX orders_id_idx ON orders \(id\);/);
    assert.doesNotMatch(sectionText(text, sectionsOf('goose', text)!, 'down'), /CREATE INDEX/);
  });
});
