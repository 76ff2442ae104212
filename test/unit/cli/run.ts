/**
 * Builds the CLI once per test run and runs it as a child process, as users and CI do. The
 * bundles go to a temporary directory (not dist/) so that the tests neither need the other entry
 * points nor race a parallel `node esbuild.mjs`, and are built as esbuild.mjs builds them
 * (scripts/bundles.mjs): dist/cli.js requiring the commands from cli-lint.js and cli-commands.js,
 * and what crosses between those bundles (an error's class, say) is tested as it ships.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/cli');

let built: Promise<string> | undefined;

/** Path of the bundled cli.js (built on first call). */
export function buildCli(): Promise<string> {
  built ??= (async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'ml-cli-'));
    // Shared by every CLI test file, so removed only when the test process ends.
    process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
    // A plain ES module: imported, not required. `schema` and `check` start the preview worker, which host.ts looks for next to the bundle.
    const { bundle } = (await import(pathToFileURL(path.join(REPO, 'scripts/bundles.mjs')).href)) as { bundle(options: { outdir: string; only: string[] }): Promise<void> };
    await bundle({ outdir, only: ['cli', 'cli-lint', 'cli-commands', 'preview-worker'] });
    return path.join(outdir, 'cli.js');
  })();
  return built;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let cacheHome: string | undefined;

/** The CLI's cache folder in the tests (XDG_CACHE_HOME): one per test process, not the user's, removed when the process ends. */
export function testCacheHome(): string {
  if (!cacheHome) {
    const dir = mkdtempSync(path.join(tmpdir(), 'ml-cli-cache-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    cacheHome = dir;
  }
  return cacheHome;
}

export async function runCli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<RunResult> {
  const cli = await buildCli();
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, XDG_CACHE_HOME: testCacheHome(), ...opts.env };
  const t0 = Date.now();
  // A generous limit per run: a `check` boots PGlite, which took over 30 s on a loaded 2-core machine.
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** The JSON format, parsed: the easiest way to assert on findings. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  ruleId: string;
  category: string;
  message: string;
  fixes: { title: string }[];
}

export async function lintJson(args: string[], cwd: string): Promise<{ status: number | null; findings: JsonFinding[]; stderr: string }> {
  const r = await runCli(['lint', '--format', 'json', ...args], { cwd });
  return { status: r.status, findings: JSON.parse(r.stdout) as JsonFinding[], stderr: r.stderr };
}

const scratch: string[] = [];

/** A temporary directory removed by cleanScratch() (call it from an after() hook). */
export function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-cli-test-'));
  scratch.push(dir);
  return dir;
}

export function cleanScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}
