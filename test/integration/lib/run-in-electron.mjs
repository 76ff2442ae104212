// Desktop VS Code through @vscode/test-electron, where one can be had (a user's machine, public CI).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The desktop VS Code version the suite targets: the same as the code-server host. */
export const ELECTRON_VSCODE_VERSION = '1.100.3';

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

export async function runInElectron({ vscodeExecutablePath, extensionPath, testsPath, workspace }) {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', mkdtempSync(join(tmpdir(), 'migration-lens-ud-'))],
    });
    return { code: 0 };
  } catch (e) {
    return { code: 1, reason: e instanceof Error ? e.message : String(e) };
  }
}
