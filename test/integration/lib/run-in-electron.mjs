// Desktop VS Code through @vscode/test-electron, where one can be had (a user's machine, public CI).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLimits } from './progress.mjs';

/** The desktop VS Code version the suite targets: the same as the code-server host. */
export const ELECTRON_VSCODE_VERSION = '1.100.3';

const verbose = Boolean(process.env.MIGRATION_LENS_IT_VERBOSE);

/** Can a desktop VS Code run here at all? (Linux needs a display; CI uses xvfb-run.) */
export function desktopPossible() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Path of a desktop VS Code: $MIGRATION_LENS_VSCODE, or downloaded by test-electron; undefined when neither works. */
export async function obtainDesktopVSCode(cacheDir) {
  const given = process.env.MIGRATION_LENS_VSCODE;
  if (given) {
    if (!existsSync(given)) throw new Error(`MIGRATION_LENS_VSCODE=${given} does not exist`);
    return given;
  }
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  try {
    return await downloadAndUnzipVSCode({ version: ELECTRON_VSCODE_VERSION, cachePath: cacheDir, timeout: 15_000 });
  } catch (e) {
    console.log(`desktop VS Code not available (${e.message.split('\n')[0]})`);
    return undefined;
  }
}

/**
 * Runs the suite in a desktop VS Code and resolves with its exit code (0 = every test passed) and,
 * when not 0, a reason. VS Code is started here rather than by test-electron's runTests, which
 * hides the process: its console lines feed the same limits as the code-server host's
 * (progress.mjs), and a run that hits one is ended with every process VS Code started.
 * `limitOptions` go to createLimits (a test of this runner shortens them).
 */
export async function runInElectron({ vscodeExecutablePath, extensionPath, testsPath, workspace, limitOptions = {} }) {
  const profile = mkdtempSync(join(tmpdir(), 'migration-lens-ud-'));
  // runTests' own arguments (@vscode/test-electron 2.5.2, out/runTest.js: no sandbox, no GPU
  // sandbox, no updates; getProfileArguments: a fresh user data and extensions folder), plus ours.
  const args = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--disable-extensions',
    '--disable-workspace-trust',
    '--skip-welcome',
    '--skip-release-notes',
    `--extensionTestsPath=${testsPath}`,
    `--extensionDevelopmentPath=${extensionPath}`,
    `--user-data-dir=${join(profile, 'user-data')}`,
    `--extensions-dir=${join(profile, 'extensions')}`,
  ];
  // Its own process group, so that a limit ends Electron's helper processes with it.
  const vscode = spawn(vscodeExecutablePath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let settle;
  const outcome = new Promise((resolve) => (settle = resolve));
  const limits = createLimits({ ...limitOptions, onLimit: (reason) => settle({ code: 1, reason }) });
  for (const [from, to] of [[vscode.stdout, process.stdout], [vscode.stderr, process.stderr]]) {
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
      if (!limits.observe(line) || verbose) to.write(`${line}\n`);
    });
  }
  vscode.on('error', (e) => settle({ code: 1, reason: `VS Code did not start: ${e.message}` }));
  const exited = (code, signal) => settle(code === 0 ? { code: 0 } : { code: 1, reason: `VS Code exited with ${code ?? signal}` });
  // 'close' comes once its output is read to the end; a helper process left holding the pipes
  // would delay it for ever, so 'exit' settles too, a moment later.
  vscode.on('close', exited);
  vscode.on('exit', (code, signal) => setTimeout(() => exited(code, signal), 2_000).unref());
  try {
    return await outcome;
  } finally {
    limits.clear();
    endGroup(vscode.pid);
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Ends a process group that may already be gone. */
function endGroup(pid) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ended already
  }
}
