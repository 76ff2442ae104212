/**
 * The extension activates on every convention's usual folders and set markers, generated from
 * the convention modules by `npm run docs`, never listed by hand; the language server watches
 * the same markers.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationEvents, markerGlobs } from '../../../server/src/layout/activation';
import { CONVENTION_IDS, CONVENTIONS } from '../../../server/src/layout/conventions';
import { SET_WATCH_GLOBS } from '../../../server/src/lsp/sets';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { activationEvents: string[] };

describe('activation events from the convention modules', () => {
  it('package.json holds exactly the generated list (npm run docs writes it)', () => {
    assert.deepEqual(pkg.activationEvents, activationEvents());
  });

  it('covers Drizzle’s drizzle/ folder and any meta/_journal.json, Flyway, Prisma’s lock file and the configuration file', () => {
    for (const e of ['onLanguage:sql', 'workspaceContains:**/drizzle/**/*.sql', 'workspaceContains:**/meta/_journal.json', 'workspaceContains:**/src/main/resources/db/migration/**/*.sql', 'workspaceContains:**/migration_lock.toml', 'workspaceContains:**/.migration-lens.json']) {
      assert.ok(pkg.activationEvents.includes(e), e);
    }
    for (const id of CONVENTION_IDS) {
      const folder = CONVENTIONS[id].detection.defaultFolder;
      if (folder !== '.') assert.ok(pkg.activationEvents.includes(`workspaceContains:**/${folder}/**/*.sql`), id);
    }
  });

  it('the language server watches the same markers', () => {
    for (const m of markerGlobs()) assert.ok(SET_WATCH_GLOBS.includes(m), m);
    assert.ok(SET_WATCH_GLOBS.includes('**/meta/_journal.json'));
  });
});
