#!/usr/bin/env node
// Takes the README screenshots of a real VS Code (code-server + headless Chromium) on the example
// workspace: docs/screenshots/diagnostics.png (squiggles + Problems panel), hover.png, rule-docs.png,
// schema-tree.png (the schema preview's views), quick-fix.png (Ctrl+. on a squiggle), schema-diff.png
// (Show Schema Change), lock-trace.png (the lock trace's inlay hints and a proof-lock hover),
// navigation-hover.png (hover on a table's name: the table as the earlier migrations leave it) and
// live-status.png (Connect to Database… on a real PostgreSQL: each migration's state in the
// Migrations view, the Database Drift view, the status bar).
//   npm run screenshot [-- --only=schema-tree.png]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildExtension } from '../test/integration/lib/build.mjs';
import { ensureCodeServer, launchChromium, startCodeServer } from '../test/integration/lib/code-server.mjs';
import { ensureDebianPackages } from '../test/integration/lib/system.mjs';
import { CODE_SERVER_CACHE, copyFixtureWorkspace, demoUrl, REPO } from '../test/integration/lib/workspace.mjs';

const OUT_DIR = join(REPO, 'docs/screenshots');
const SQUIGGLE = '.view-overlays .squiggly-warning, .view-overlays .squiggly-error';
/** Writes only this screenshot (the others are still taken on the way, not saved). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

/** Shown by quick-fix.png: a Prisma migration of the example workspace. */
const PREFS = 'prisma/migrations/202604211430_add_prefs/migration.sql';
/**
 * Added to the temp copy for schema-diff.png and lock-trace.png (after the first shots, which show
 * the workspace as it is): it changes a column of `sessions` (red and green in the diff), and its
 * DO block's dynamic ALTER, which no static rule can read, is seen by the lock trace rewriting `sessions`.
 */
const ACTIVITY = 'prisma/migrations/202605051000_session_activity/migration.sql';
const ACTIVITY_SQL = `-- ============================================================
-- StudyBoost — Session Activity
-- Migration: 202605051000_session_activity
-- Date: 2026-05-05 10:00
-- PURPOSE: Record when rows change; sessions never seen keep last_seen_at empty.
-- IMPACT: Adds \`updated_at\` to tables with \`created_at\`; \`sessions.last_seen_at\` becomes nullable.
-- DATA RISK: low (new and relaxed columns only).
-- ROLLBACK STRATEGY: forward-fix by follow-up migration.
-- ============================================================

SET lock_timeout = '2s';
SET statement_timeout = '15min';

-- Every table with a created_at column gets an updated_at next to it.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'created_at' LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN updated_at timestamptz DEFAULT clock_timestamp()', t);
  END LOOP;
END
$$;

ALTER TABLE sessions ALTER COLUMN last_seen_at DROP NOT NULL;
`;

/** Added last, for navigation-hover.png: a statement on a table an earlier migration created. */
const NOTES = 'prisma/migrations/202605061000_session_notes/migration.sql';
const NOTES_SQL = `-- ============================================================
-- StudyBoost — Session Notes
-- Migration: 202605061000_session_notes
-- Date: 2026-05-06 10:00
-- PURPOSE: Document who owns a session.
-- IMPACT: Comment only.
-- DATA RISK: none (comment only).
-- ROLLBACK STRATEGY: forward-fix by follow-up migration.
-- ============================================================

COMMENT ON COLUMN sessions.user_id IS 'The student who owns the session.';
`;

/** live-status.png: a migration whose run failed half-way (the history row has no finished_at). */
const FLAGS = 'prisma/migrations/202605020000_add_flags/migration.sql';
const FLAGS_SQL = 'ALTER TABLE sessions ADD COLUMN flags integer NOT NULL DEFAULT 0;\n';

// The real PostgreSQL of live-status.png is started as the tests start theirs (Debian's postgresql-15, loopback, a temp cluster).
const require = createRequire(import.meta.url);
require('tsx/cjs');
const { nativeUnavailable, startNativePostgres } = require('../test/unit/preview/native-postgres.ts');
const noPostgres = nativeUnavailable();
if (noPostgres) throw new Error(`live-status.png needs a native PostgreSQL: ${noPostgres}`);

buildExtension();
// The lock trace's inlay hints start with 🔒: without a colour emoji font Chromium draws a box.
ensureDebianPackages(['fonts-noto-color-emoji']);
const pkgDir = ensureCodeServer(CODE_SERVER_CACHE);
const { dir: workspace, remove: removeWorkspace } = copyFixtureWorkspace();
const server = await startCodeServer({
  pkgDir,
  workspace,
  settings: { 'editor.minimap.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
});
let browser;
let pg;
try {
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(demoUrl(server.port, workspace));
  await page.waitForSelector(SQUIGGLE, { timeout: 90_000 });
  const schemaPane = page.locator('.pane').filter({ has: page.locator('.pane-header .title', { hasText: /^schema$/i }) });
  const migrationsPane = page.locator('.pane').filter({ has: page.locator('.pane-header .title', { hasText: /^migrations$/i }) });
  if (ONLY === 'live-status.png') {
    // Straight to the live database: the Migration Lens views and the pending migration the earlier shots add.
    await page.locator('.activitybar .action-item a[aria-label^="Migration Lens"]').click();
    mkdirSync(dirname(join(workspace, ACTIVITY)));
    await page.waitForTimeout(1000);
    writeFileSync(join(workspace, ACTIVITY), ACTIVITY_SQL);
  } else {
    await runCommand(page, 'View: Focus Problems');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
    await page.waitForTimeout(1000);
    mkdirSync(OUT_DIR, { recursive: true });
    await shoot(page, 'diagnostics.png');

    // Hover the first squiggle: the rule's docs from the server.
    const box = await page.locator(SQUIGGLE).first().boundingBox();
    await page.mouse.move(box.x + 30, box.y + box.height / 2);
    await page.waitForSelector('.monaco-hover .hover-contents', { state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(800);
    await shoot(page, 'hover.png');

    // The rule docs command, as from the command palette: the server's markdown in the preview.
    await page.keyboard.press('Escape');
    await runCommand(page, 'Migration Lens: Show Rule Documentation');
    await page.waitForSelector('.quick-input-widget .input', { state: 'visible' });
    await page.keyboard.type('create-table-without-if-not-exists');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tab[aria-label*="Preview create-table-without-if-not-exists"]', { timeout: 30_000 });
    await page.waitForTimeout(2000);
    await shoot(page, 'rule-docs.png');

    // The schema preview: the Migration Lens views after "Preview Schema", a table expanded.
    await page.keyboard.press('Control+J'); // hide the panel: the tree gets the height
    await page.locator('.activitybar .action-item a[aria-label^="Migration Lens"]').click();
    await runCommand(page, 'Migration Lens: Preview Schema');
    const schemaRow = (label) => schemaPane.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
    // The Schema view lists the sets once the preview is done (cold: PGlite boots in its worker).
    await schemaRow('db/init').waitFor({ timeout: 120_000 });
    for (const label of ['db/init', 'public', 'Tables', 'movies']) {
      await schemaRow(label).click();
      await page.waitForTimeout(400);
    }
    await schemaRow('created_at').hover();
    await page.waitForSelector('.monaco-hover, .workbench-hover', { state: 'visible', timeout: 15_000 }).catch(() => undefined);
    await page.waitForTimeout(1000);
    await shoot(page, 'schema-tree.png');
    await page.keyboard.press('Escape');
    // The new migration's folder now, its file later: a file written together with its folder can
    // be missed by the file watcher (it watches the folder only once it has seen it).
    mkdirSync(dirname(join(workspace, ACTIVITY)));
    mkdirSync(dirname(join(workspace, NOTES)));

    // A quick fix: Ctrl+. on a squiggle lists the rule's fix, the suppressions and the docs.
    const migrationRow = (path) => migrationsPane.locator(`.monaco-list-row[aria-label^="${path} "]`);
    await runCommand(page, 'View: Close All Editors');
    await migrationRow(PREFS).click();
    await page.locator('.tab.active', { hasText: 'migration.sql' }).waitFor({ timeout: 15_000 });
    await goToText(page, join(workspace, PREFS), 'CREATE TABLE user_preferences');
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget').getByText('Add IF NOT EXISTS').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(800);
    await shoot(page, 'quick-fix.png', await editorClip(page, '.action-widget'));
    await page.keyboard.press('Escape');

    // Show Schema Change, from the new migration's inline action: the schema DDL before and after it.
    writeFileSync(join(workspace, ACTIVITY), ACTIVITY_SQL);
    const activityRow = migrationRow(ACTIVITY);
    await activityRow.hover({ timeout: 60_000 }); // the Migrations view lists it once the file watcher saw it
    await activityRow.locator('.action-label[aria-label="Show Schema Change"]').click();
    await page.waitForSelector('.monaco-diff-editor .line-delete', { timeout: 120_000 });
    // Side bar hidden and a wider window: both sides show the longest DDL lines whole.
    await page.keyboard.press('Control+B');
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.waitForTimeout(1500);
    await shoot(page, 'schema-diff.png', await editorClip(page));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('Control+B');

    // The lock trace of the new migration: inlay hints, and the DO block's proof-lock warning hovered.
    await runCommand(page, 'View: Close All Editors');
    await activityRow.click();
    const line = (text) => page.locator('.view-line', { hasText: text }).first();
    await line(/ACCESS\sEXCLUSIVE\ssessions(\s\+\d+)?\s·\srewrite/).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    const doLine = await line('DO $$').boundingBox();
    await page.mouse.move(doLine.x + 12, doLine.y + doLine.height / 2);
    await page.locator('.monaco-hover .hover-contents', { hasText: 'proof-lock' }).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(800);
    await shoot(page, 'lock-trace.png', await editorClip(page));

    // Hover on a table's name in a later migration: the table as the earlier migrations leave it
    // (columns, types, NOT NULL), where it was created, and what this statement does to it.
    await runCommand(page, 'View: Close All Editors');
    writeFileSync(join(workspace, NOTES), NOTES_SQL);
    await migrationRow(NOTES).click({ timeout: 60_000 });
    await page.locator('.tab.active', { hasText: 'migration.sql' }).waitFor({ timeout: 15_000 });
    await goToText(page, join(workspace, NOTES), 'sessions.user_id');
    await runCommand(page, 'Show or Focus Hover');
    await page.locator('.monaco-hover .hover-contents', { hasText: 'Created in' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800);
    await shoot(page, 'navigation-hover.png', await editorClip(page, '.monaco-hover'));
    // Not part of the live database's history below (it would be one more pending migration).
    await runCommand(page, 'View: Close All Editors');
    rmSync(dirname(join(workspace, NOTES)), { recursive: true, force: true });
  }

  // The live database: a real PostgreSQL whose Prisma history has an applied, an edited, a failed
  // and a pending migration, and whose schema was changed behind the migrations' back.
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors');
  // A Prisma project: the init scripts' set (a second schema in another database) would only add noise here.
  rmSync(join(workspace, 'db'), { recursive: true, force: true });
  mkdirSync(dirname(join(workspace, FLAGS)));
  await page.waitForTimeout(1000);
  writeFileSync(join(workspace, FLAGS), FLAGS_SQL);
  pg = await startNativePostgres();
  await (await pg.connect()).query('CREATE DATABASE app');
  const app = await pg.connect('app');
  const sql = (rel) => readFileSync(join(workspace, rel), 'utf8');
  const sum = (text) => createHash('sha256').update(text).digest('hex');
  for (const rel of ['prisma/migrations/000000000000_baseline/migration.sql', PREFS]) await app.query(sql(rel));
  await app.query(`CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL,
      logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
    INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at) VALUES
      ('1', '${sum(sql('prisma/migrations/000000000000_baseline/migration.sql'))}', '2026-04-01 09:00+00', '000000000000_baseline', '2026-04-01 09:00+00'),
      ('2', '${sum(sql(PREFS).replace("'light'", "'dark'"))}', '2026-04-21 14:30+00', '202604211430_add_prefs', '2026-04-21 14:30+00'),
      ('3', '${sum(FLAGS_SQL)}', NULL, '202605020000_add_flags', '2026-05-02 10:00+00');
    DROP INDEX sessions_user_id_idx;
    ALTER TABLE user_preferences ALTER COLUMN theme SET DEFAULT 'dark';
    CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), note text);`);
  await runCommand(page, 'Migration Lens: Connect to Database');
  await page.waitForSelector('.quick-input-widget .input', { state: 'visible' });
  await page.keyboard.type(pg.url('app'));
  await page.keyboard.press('Enter');
  const driftPane = page.locator('.pane').filter({ has: page.locator('.pane-header .title', { hasText: /^database drift$/i }) });
  const driftHeader = driftPane.locator('.pane-header');
  if ((await driftHeader.getAttribute('aria-expanded')) !== 'true') await driftHeader.click();
  await driftPane.locator('.monaco-list-row[aria-label^="index public.sessions_user_id_idx"]').waitFor({ timeout: 120_000 });
  await migrationsPane.locator('.monaco-list-row', { hasText: '✗ failed' }).waitFor({ timeout: 60_000 });
  // Schema view folded: the Migrations and Database Drift views get the height.
  const schemaHeader = schemaPane.locator('.pane-header');
  if ((await schemaHeader.getAttribute('aria-expanded')) === 'true') await schemaHeader.click();
  // A wider side bar: the rows' descriptions (the database's word, the migration and line) show whole.
  const sash = await page.locator('.part.sidebar').boundingBox();
  await page.mouse.move(sash.x + sash.width + 1, sash.y + 300);
  await page.mouse.down();
  await page.mouse.move(sash.x + 640, sash.y + 300, { steps: 10 });
  await page.mouse.up();
  // A drift row opens the migration that makes the object, at its line.
  await driftPane.locator('.monaco-list-row[aria-label^="index public.sessions_user_id_idx"]').click();
  await page.locator('.tab.active', { hasText: 'migration.sql' }).waitFor({ timeout: 15_000 });
  // The tooltip of a different object: the DDL the migrations make and the one the database has.
  await driftPane.locator('.monaco-list-row[aria-label^="column public.user_preferences.theme"]').hover();
  await page.waitForSelector('.monaco-hover, .workbench-hover', { state: 'visible', timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(1500);
  await shoot(page, 'live-status.png');
} finally {
  await browser?.close();
  await server.stop();
  await pg?.stop();
  removeWorkspace();
}

async function shoot(page, name, clip) {
  if (ONLY && ONLY !== name) return;
  await page.screenshot({ path: join(OUT_DIR, name), clip });
  console.log(`wrote ${join(OUT_DIR, name)}`);
}

/** The editor area down to its last line of text (or `below`, e.g. a menu): small shots read better in the README. */
async function editorClip(page, below) {
  const area = await page.locator('.part.editor').boundingBox();
  const selector = below ? `.part.editor .view-line, ${below}` : '.part.editor .view-line';
  const bottoms = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
  const bottom = Math.min(Math.max(...bottoms) + 16, area.y + area.height);
  return { x: area.x, y: area.y, width: area.width, height: bottom - area.y };
}

/** Puts the cursor on the first occurrence of `text` in the active editor's file, with Go to Line. */
async function goToText(page, file, text) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget .input', { state: 'visible' });
  await page.keyboard.type(`${line + 1}:${lines[line].indexOf(text) + 1}`);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
}

/** Runs a command through the command palette, as a user would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}
