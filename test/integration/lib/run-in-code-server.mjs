// Runs the mocha suite inside code-server's node extension host, driven by headless Chromium.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { createLimits } from './progress.mjs';
import { CODE_SERVER_VERSION, VSCODE_VERSION, launchChromium, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';

export const CODE_SERVER_HOST = `code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}), node extension host`;

const NO_HOST = 'No extension host found';
/** Workbench chatter that says nothing about the suite; MIGRATION_LENS_IT_VERBOSE=1 shows it anyway. */
const NOISE = [/^Ignoring fetching additional builtin extensions/, /^Updating additional builtin extensions cache/, /^Creating a socket/, /^Resolv(ing|ed) connection token/, /^\[Service Worker\]/, /^ChatSessionStore:/, /^CodeExpectedError\b/];
const verbose = Boolean(process.env.MIGRATION_LENS_IT_VERBOSE);
const HOST_EXIT = /Extension Host Process exited with code: (\S+), signal: (\S+)\./g;
/**
 * The client logs every LSP message it sends and receives, with its timing, into the extension's
 * output channel; a failed run prints that log's end (what the server said and answered last).
 */
const SETTINGS = { 'migrationLens.trace.server': 'messages' };
const LOG_TAIL_LINES = 150;

/**
 * Resolves with the suite's exit code (0 = every test passed). Any sign that the suite did not
 * really run (no extension host, host crash, timeout) is a non-zero code with a reason printed.
 */
export async function runInCodeServer({ pkgDir, extensionPath, testsPath, workspace }) {
  const server = await startCodeServer({ pkgDir, workspace, settings: SETTINGS, log: (m) => console.log(m) });
  let browser;
  let limits;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    let settle;
    const outcome = new Promise((r) => (settle = r));
    const fail = (reason) => settle({ code: 1, reason });
    await page.exposeFunction('codeAutomationExit', (code) => settle({ code: Number(code) }));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.includes(NO_HOST)) fail(`the workbench says: ${text}`);
      if (limits?.observe(text) && !verbose) return;
      if (!verbose && NOISE.some((re) => re.test(text))) return;
      (type === 'error' ? console.error : console.log)(text);
    });
    page.on('console', (msg) => {
      if (msg.text().includes(NO_HOST)) fail(`the workbench says: ${msg.text()}`);
    });
    page.on('pageerror', (e) => console.error(`[workbench] ${e.message}`));
    limits = createLimits({ onLimit: fail });
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.port, extensionPath)],
      ['extensionTestsPath', remoteUri(server.port, testsPath)],
    ];
    await page.goto(workbenchUrl(server.port, workspace, payload));
    const result = await outcome;
    // The workbench reports 0 even when the extension host died mid-run: the server log tells.
    const crash = [...server.readLog().matchAll(HOST_EXIT)].find(([, code, signal]) => code !== '0' || signal !== 'null');
    if (result.code === 0 && crash) return { code: 1, reason: `the extension host exited with code ${crash[1]}, signal ${crash[2]}` };
    if (result.code !== 0 && !result.reason) result.reason = 'the suite failed (see the mocha output above)';
    if (result.code !== 0) {
      console.error(`--- code-server log (tail) ---\n${tail(server.readLog(), 40)}`);
      for (const file of outputLogs(server.runDir)) console.error(`--- ${file.name} (tail) ---\n${tail(readFileSync(file.path, 'utf8'), LOG_TAIL_LINES)}`);
    }
    return result;
  } finally {
    limits?.clear();
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

function tail(text, lines) {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * The extension's output channel and the extension host's log, as VS Code wrote them under the
 * user data folder (logs/<session>/exthost1/output_logging_<time>/<n>-Migration Lens.log and
 * logs/<session>/exthost1/remoteexthost.log).
 */
function outputLogs(runDir) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/-Migration Lens\.log$|^remoteexthost\.log$/.test(e.name)) found.push({ name: e.name, path });
    }
  };
  walk(join(runDir, 'user-data', 'logs'));
  return found;
}
