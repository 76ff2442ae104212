#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128×128, the marketplace icon) with Debian's chromium
// through playwright-core. Run it after editing the SVG; the PNG is committed.
//   node scripts/icon.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/integration/lib/code-server.mjs';
import { REPO } from '../test/integration/lib/workspace.mjs';

const SIZE = 128;
const svg = readFileSync(join(REPO, 'media/icon.svg'), 'utf8');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(REPO, 'media/icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log(`media/icon.png: ${SIZE}×${SIZE}`);
