#!/usr/bin/env node
// Takes the README screenshots of a real VS Code (code-server + headless Chromium) on the example
// workspace: docs/screenshots/diagnostics.png (squiggles + Problems panel), hover.png and rule-docs.png.
//   npm run screenshot
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from '../test/integration/lib/build.mjs';
import { ensureCodeServer, launchChromium, startCodeServer } from '../test/integration/lib/code-server.mjs';
import { CODE_SERVER_CACHE, copyFixtureWorkspace, demoUrl, REPO } from '../test/integration/lib/workspace.mjs';

const OUT_DIR = join(REPO, 'docs/screenshots');
const SQUIGGLE = '.view-overlays .squiggly-warning, .view-overlays .squiggly-error';

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
} finally {
  await browser?.close();
  await server.stop();
  removeWorkspace();
}

async function shoot(page, name) {
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
