// code-server (VS Code 1.100.3 server + web workbench) as an offline VS Code host.
// The recipe and its reasons are in shared/VSCODE_TESTING.md; every step below is one of its facts.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureDebianPackages, freePort, HOST_PACKAGES, run } from './system.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
export const CHROMIUM = '/usr/bin/chromium';

const MARKER = `.installed-${CODE_SERVER_VERSION}`;

/** Installs code-server into `cacheDir` (once; reused while its marker is there). Returns the package folder. */
export function ensureCodeServer(cacheDir) {
  const pkgDir = join(cacheDir, 'node_modules', 'code-server');
  ensureDebianPackages(HOST_PACKAGES); // checked every run: the browser is needed even with a cached install
  if (existsSync(join(cacheDir, MARKER))) return pkgDir;
  console.log(`installing code-server@${CODE_SERVER_VERSION} into ${cacheDir} (about a minute, once)`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  // Without its own package.json npm would walk up and install into the project's node_modules.
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
  // node-gyp finds the headers of Debian's node in /usr/include/node instead of downloading them.
  const env = { ...process.env, npm_config_nodedir: '/usr', npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  const npm = (cwd, ...args) => run('npm', args, { cwd, env });
  // Scripts off: code-server's postinstall downloads ripgrep from GitHub; we do its other steps by hand.
  npm(cacheDir, 'install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`);
  const vscodeDir = join(pkgDir, 'lib', 'vscode');
  npm(vscodeDir, 'install', '--omit=dev', '--ignore-scripts');
  npm(vscodeDir, 'rebuild', 'kerberos', '@parcel/watcher', '@vscode/spdlog', '@vscode/deviceid', 'native-watchdog', 'node-pty');
  mkdirSync(join(vscodeDir, 'node_modules/@vscode/ripgrep/bin'), { recursive: true });
  forceSymlink('/usr/bin/rg', join(vscodeDir, 'node_modules/@vscode/ripgrep/bin/rg'));
  forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  forceSymlink('code-linux.sh', join(vscodeDir, 'bin/remote-cli/code-server'));
  forceSymlink('browser-linux.sh', join(vscodeDir, 'bin/helpers/browser.sh'));
  npm(join(vscodeDir, 'extensions'), 'install', '--omit=dev', '--ignore-scripts');
  npm(cacheDir, 'rebuild', 'argon2');
  writeFileSync(join(cacheDir, MARKER), new Date().toISOString() + '\n');
  return pkgDir;
}

function forceSymlink(target, path) {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

/** User settings for a quiet, trusted, offline workbench. */
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/**
 * Starts an isolated code-server on a free loopback port serving `workspace`.
 * Its config, user data and extensions live in a fresh temp folder; `stop()` ends its whole process group.
 */
export async function startCodeServer({ pkgDir, workspace, port, settings = {}, log = () => {} }) {
  port ??= await freePort();
  const runDir = mkdtempSync(join(tmpdir(), 'migration-lens-cs-'));
  writeFileSync(join(runDir, 'config.yaml'), 'auth: none\n');
  mkdirSync(join(runDir, 'user-data/User'), { recursive: true });
  writeFileSync(join(runDir, 'user-data/User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const logPath = join(runDir, 'server.log');
  const logFd = openSync(logPath, 'a');
  const child = spawn(
    process.execPath,
    [
      join(pkgDir, 'out/node/entry.js'),
      '--config', join(runDir, 'config.yaml'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--ignore-last-opened',
      '--user-data-dir', join(runDir, 'user-data'),
      '--extensions-dir', join(runDir, 'extensions'),
      resolve(workspace),
    ],
    {
      detached: true, // its own process group, so stop() reaches every child it starts
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        EXTENSIONS_GALLERY: '{}', // no marketplace to reach
        XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
        XDG_DATA_HOME: join(runDir, 'xdg-data'),
      },
    },
  );
  closeSync(logFd);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    return new Promise((done) => {
      if (exited) return done();
      const force = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
    });
  };
  const readLog = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
  const cleanup = async () => {
    await stop();
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(port, () => exited, 30_000);
  } catch (e) {
    const text = readLog();
    await cleanup();
    throw new Error(`${e.message}\n--- code-server log ---\n${text}`);
  }
  log(`code-server ${CODE_SERVER_VERSION} listening on http://127.0.0.1:${port} (pid ${child.pid})`);
  return { port, pid: child.pid, runDir, logPath, readLog, stop: cleanup, origin: `http://127.0.0.1:${port}` };
}

async function waitForHealth(port, hasExited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('code-server exited during start-up');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs / 1000} s`);
}

/** A `vscode-remote://` URI with the page's own authority: plain paths find no extension host. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${resolve(absPath)}`;
}

/** The workbench URL that opens `folder` with the given payload entries ([key, value] pairs). */
export function workbenchUrl(port, folder, payload) {
  const q = `folder=${encodeURIComponent(resolve(folder))}`;
  return `http://127.0.0.1:${port}/?${q}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

/** Headless Debian Chromium driven by playwright-core (never Playwright's own browser download). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
