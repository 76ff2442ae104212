#!/usr/bin/env node
// Takes the README screenshots of a real VS Code (code-server + headless Chromium) on the example
// workspace: docs/screenshots/diagnostics.png (squiggles + Problems panel), hover.png, rule-docs.png
// and schema-tree.png (the schema preview's views).
//   npm run screenshot [-- --only=schema-tree.png]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from '../test/integration/lib/build.mjs';
import { ensureCodeServer, launchChromium, startCodeServer } from '../test/integration/lib/code-server.mjs';
import { CODE_SERVER_CACHE, copyFixtureWorkspace, demoUrl, REPO } from '../test/integration/lib/workspace.mjs';

const OUT_DIR = join(REPO, 'docs/screenshots');
const SQUIGGLE = '.view-overlays .squiggly-warning, .view-overlays .squiggly-error';
/** Writes only this screenshot (the others are still taken on the way, not saved). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

buildExtension();
const pkgDir = ensureCodeServer(CODE_SERVER_CACHE);
const { dir: workspace, remove: removeWorkspace } = copyFixtureWorkspace();
const server = await startCodeServer({
  pkgDir,
  workspace,
  settings: { 'editor.minimap.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
});
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(demoUrl(server.port, workspace));
  await page.waitForSelector(SQUIGGLE, { timeout: 90_000 });
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
  const schemaPane = page.locator('.pane').filter({ has: page.locator('.pane-header .title', { hasText: /^schema$/i }) });
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
} finally {
  await browser?.close();
  await server.stop();
  removeWorkspace();
}

async function shoot(page, name) {
  if (ONLY && ONLY !== name) return;
  await page.screenshot({ path: join(OUT_DIR, name) });
  console.log(`wrote ${join(OUT_DIR, name)}`);
}

/** Runs a command through the command palette, as a user would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}
