/** The configuration as every command reads it: `--config` (or the nearest file) and `--rule` overrides. */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, loadWorkspaceConfig, type ConfigInput, type ResolvedConfig } from '../config';
import { didYouMean, isKnownRuleId } from '../rules/known';
import { SEVERITY_SETTINGS, type SeverityOrOff } from '../vocabulary';
import { listOption, stringOption, UsageError, type Parsed } from './args';
import type { Io } from './io';
import { TOOL_NAME } from './tool';

const RULE_SEVERITIES: readonly SeverityOrOff[] = SEVERITY_SETTINGS;

/** The same loader as the editor (loadWorkspaceConfig); the configuration's folder is the workspace root. */
export function loadConfig(io: Io, configArg: string | undefined, overrides: ConfigInput): { config: ResolvedConfig; root: string } | undefined {
  const file = path.resolve(io.cwd, configArg ?? CONFIG_FILE_NAME);
  const root = path.dirname(file);
  const loaded = loadWorkspaceConfig(root, { file, overrides });
  if (configArg && !loaded.found) {
    io.err(`${TOOL_NAME}: ${configArg}: configuration file not found\n`);
    return undefined;
  }
  for (const p of loaded.problems) io.err(`${TOOL_NAME}: ${p}\n`);
  // Unparsable, unreadable, or nothing usable in it: linting with defaults would pass CI by mistake.
  if (loaded.broken) {
    io.err(`${TOOL_NAME}: fix the configuration file before linting\n`);
    return undefined;
  }
  return { config: loaded.config, root };
}

function parseRuleOverrides(values: string[]): Record<string, SeverityOrOff> {
  const rules: Record<string, SeverityOrOff> = {};
  for (const v of values) {
    const m = /^([^=]+)=(.*)$/.exec(v);
    if (!m) throw new UsageError(`--rule expects id=severity (got "${v}")`);
    const [, id, severity] = m;
    // Proof ids too: `-- lens-ignore proof-lock` works, so does `--rule proof-lock=off`.
    if (!isKnownRuleId(id)) throw new UsageError(`--rule: unknown rule "${id}"${didYouMean(id)}`);
    if (!RULE_SEVERITIES.includes(severity as SeverityOrOff)) {
      throw new UsageError(`--rule ${id}: severity must be one of ${RULE_SEVERITIES.join(', ')} (got "${severity}")`);
    }
    rules[id] = severity as SeverityOrOff;
  }
  return rules;
}

/** The configuration (`--config` or the nearest file) with the `--rule` overrides on top. */
export function loadConfigWithOverrides(parsed: Parsed, io: Io): ReturnType<typeof loadConfig> {
  return loadConfig(io, stringOption(parsed, 'config'), { rules: parseRuleOverrides(listOption(parsed, 'rule')) });
}
