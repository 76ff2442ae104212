/**
 * Where a sqitch project keeps its plan and scripts, from its `sqitch.conf` (git-config syntax:
 * `[core]`, `[engine "pg"]` sections of `key = value` lines, `#`/`;` comments). Follows
 * sqitchers/sqitch lib/App/Sqitch/Target.pm: each of `top_dir`, `plan_file`, `deploy_dir`,
 * `revert_dir` and `verify_dir` comes from `engine.$engine.<key>` or else `core.<key>` (command-line
 * options and `target.<name>.<key>` are not read here); `top_dir` defaults to `.`, `plan_file` to
 * `$top_dir/sqitch.plan`, and `deploy_dir`, `revert_dir`, `verify_dir` to `$top_dir/deploy`,
 * `$top_dir/revert`, `$top_dir/verify`. Relative paths are relative to the folder sqitch runs in,
 * the one holding `sqitch.conf`.
 */
import { join, resolve } from 'node:path';

export const SQITCH_CONF = 'sqitch.conf';

/** Absolute paths of a project's plan file and script folders. */
export interface SqitchLayout {
  topDir: string;
  plan: string;
  deploy: string;
  revert: string;
  verify: string;
}

/** The sqitch.conf keys that place a project's files. */
type Key = 'top_dir' | 'plan_file' | 'deploy_dir' | 'revert_dir' | 'verify_dir';

/** `section.key` (subsections as `engine.pg`) → value, the last one written winning, as git config does. */
export function parseSqitchConf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header) {
      section = header[2] === undefined ? header[1].toLowerCase() : `${header[1].toLowerCase()}.${header[2]}`;
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9_-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!m || !section) continue;
    let value = (m[2] ?? 'true').replace(/\s+[#;].*$/, '').trim();
    if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    out.set(`${section}.${m[1].toLowerCase()}`, value);
  }
  return out;
}

/** The layout a `sqitch.conf` in `projectDir` describes (defaults where it says nothing). */
export function sqitchLayout(projectDir: string, conf: Map<string, string>): SqitchLayout {
  const engine = conf.get('core.engine') ?? 'pg';
  const get = (key: Key) => conf.get(`engine.${engine}.${key}`) || conf.get(`core.${key}`) || undefined;
  const topDir = resolve(projectDir, get('top_dir') ?? '.');
  const at = (key: Key, fallback: string) => {
    const v = get(key);
    return v ? resolve(projectDir, v) : fallback;
  };
  return {
    topDir,
    plan: at('plan_file', join(topDir, 'sqitch.plan')),
    deploy: at('deploy_dir', join(topDir, 'deploy')),
    revert: at('revert_dir', join(topDir, 'revert')),
    verify: at('verify_dir', join(topDir, 'verify')),
  };
}
