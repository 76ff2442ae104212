/** Runs the bundled CLI (test/unit/cli/run.ts builds it) with room for the huge reports hostile inputs produce. */
import { spawnSync } from 'node:child_process';
import { buildCli, type RunResult } from '../unit/cli/run';

export async function runCliBig(args: string[], cwd: string, timeoutMs = 120_000): Promise<RunResult & { signal: NodeJS.Signals | null; error?: Error }> {
  const cli = await buildCli();
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, error: r.error, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** A CLI run that ended on its own (no crash, no timeout), with the status and stderr in the message otherwise. */
export function describeRun(r: Awaited<ReturnType<typeof runCliBig>>): string {
  return `status ${r.status}, signal ${r.signal}${r.error ? `, ${r.error.message}` : ''}, ${r.ms} ms; stderr:\n${r.stderr.slice(0, 2000)}`;
}
