#!/usr/bin/env node
// Integration tests in a real VS Code: builds the extension, copies the fixture workspace, picks a
// host (desktop VS Code via @vscode/test-electron when one can be had, else code-server's node
// extension host driven by headless Chromium), runs the mocha suite there and exits non-zero
// on any failure, including a suite that never ran.
//   node test/integration/run.mjs [--host=auto|electron|code-server]
import { buildExtension, TESTS_PATH } from './lib/build.mjs';
import { ensureCodeServer } from './lib/code-server.mjs';
import { CODE_SERVER_HOST, runInCodeServer } from './lib/run-in-code-server.mjs';
import { desktopPossible, ELECTRON_VSCODE_VERSION, obtainDesktopVSCode, runInElectron } from './lib/run-in-electron.mjs';
import { join } from 'node:path';
import { CACHE, CODE_SERVER_CACHE, copyFixtureWorkspace, REPO } from './lib/workspace.mjs';

// Limits: each test has its own mocha timeout; the whole run's limit scales with the number of
// tests (lib/progress.mjs; MIGRATION_LENS_IT_TIMEOUT_MS fixes it instead).
//
// Two passes: the suite on the fixture workspace, then a workspace holding only a Drizzle
// drizzle/ folder, where nothing but the extension's activation events can start it (the
// suite's own workspace activates it through other folders first). MIGRATION_LENS_IT_PASS tells
// the suite which pass it is (suite/first-hour.test.ts registers the activation test then).

/** The second pass's suite title; a MIGRATION_LENS_IT_GREP that does not match it skips the pass. */
const DRIZZLE_ACTIVATION = 'the first hour in a real VS Code, Drizzle-only workspace';

async function main() {
  const hostArg = process.argv.find((a) => a.startsWith('--host='))?.slice('--host='.length) ?? 'auto';
  if (!['auto', 'electron', 'code-server'].includes(hostArg)) throw new Error(`--host must be auto, electron or code-server, not "${hostArg}"`);

  buildExtension();

  const grep = process.env.MIGRATION_LENS_IT_GREP;
  const code = await runPass(hostArg, copyFixtureWorkspace(), 'suite');
  if (code !== 0 || (grep && !new RegExp(grep).test(DRIZZLE_ACTIVATION))) return code;
  process.env.MIGRATION_LENS_IT_GREP = DRIZZLE_ACTIVATION;
  process.env.MIGRATION_LENS_IT_PASS = 'drizzle-activation';
  return runPass(hostArg, copyFixtureWorkspace(join(REPO, 'test/fixtures/first-hour/drizzle-app')), 'Drizzle activation');
}

async function runPass(hostArg, { dir: workspace, remove: removeWorkspace }, pass) {
  const started = Date.now();
  let host;
  let result;
  try {
    const desktop = hostArg !== 'code-server' && desktopPossible() ? await obtainDesktopVSCode(CACHE) : undefined;
    if (hostArg === 'electron' && !desktop) throw new Error('--host=electron, but no desktop VS Code can run here');
    if (desktop) {
      host = `desktop VS Code ${ELECTRON_VSCODE_VERSION} via @vscode/test-electron (${desktop})`;
      console.log(`host: ${host}`);
      result = await runInElectron({ vscodeExecutablePath: desktop, extensionPath: REPO, testsPath: TESTS_PATH, workspace });
    } else {
      host = CODE_SERVER_HOST;
      const pkgDir = ensureCodeServer(CODE_SERVER_CACHE);
      console.log(`host: ${host}`);
      result = await runInCodeServer({ pkgDir, extensionPath: REPO, testsPath: TESTS_PATH, workspace });
    }
  } finally {
    removeWorkspace();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.code !== 0) {
    console.error(`integration tests (${pass}) FAILED on ${host} after ${seconds} s: ${result.reason}`);
    return 1;
  }
  console.log(`integration tests (${pass}) passed on ${host} in ${seconds} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`integration tests FAILED: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
