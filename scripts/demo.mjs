#!/usr/bin/env node
// Builds the extension and opens code-server (a real VS Code in the browser) on a copy of the
// example workspace test/fixtures/workspace with Migration Lens loaded. Prints the URL to open.
//   npm run demo [-- --port 8080]
import { buildExtension } from '../test/integration/lib/build.mjs';
import { ensureCodeServer, startCodeServer } from '../test/integration/lib/code-server.mjs';
import { freePort } from '../test/integration/lib/system.mjs';
import { CODE_SERVER_CACHE, copyFixtureWorkspace, demoUrl } from '../test/integration/lib/workspace.mjs';

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : await freePort();
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: npm run demo [-- --port N]');
  process.exit(2);
}

buildExtension();
const pkgDir = ensureCodeServer(CODE_SERVER_CACHE);
// A copy, so that trying the quick fixes never changes the test fixtures.
const { dir: workspace, remove: removeWorkspace } = copyFixtureWorkspace();
const server = await startCodeServer({ pkgDir, workspace, port });
console.log(`\nMigration Lens demo: open this URL in a browser on this machine (forward port ${port} when remote):\n\n  ${demoUrl(port, workspace)}\n`);
console.log(`workspace: ${workspace} (a copy of test/fixtures/workspace)\nPress Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  removeWorkspace();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
