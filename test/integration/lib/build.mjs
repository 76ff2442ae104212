// Builds dist/ with the project's esbuild script and checks that the extension's entry points exist.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './system.mjs';
import { REPO } from './workspace.mjs';

export const TESTS_PATH = join(REPO, 'dist/test/integration/index.js');

export function buildExtension() {
  run(process.execPath, ['esbuild.mjs'], { cwd: REPO });
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/test/integration/index.js']) {
    if (!existsSync(join(REPO, f))) throw new Error(`the build did not produce ${f}`);
  }
}
