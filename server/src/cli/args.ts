/**
 * Command-line options: each command declares its options once, and both parsing (node's
 * util.parseArgs) and the `--help` text come from that declaration.
 */
import { parseArgs } from 'node:util';
import type { Io } from './io';

export interface OptionSpec {
  name: string;
  short?: string;
  /** A flag (`boolean`) or an option taking a value (`string`). */
  type: 'boolean' | 'string';
  multiple?: boolean;
  /** Shown in help as `--name <value>`. */
  value?: string;
  description: string;
}

/** A subcommand: its options, help text and what it runs. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line after `migration-lens <name>`, e.g. `[options] [paths or globs...]`. */
  usage: string;
  /** Paragraphs shown in `--help` after the usage line. */
  details?: string;
  options: OptionSpec[];
  /** Returns the exit status. Throws UsageError for a command-line mistake. */
  run(parsed: Parsed, io: Io): Promise<number>;
}

/**
 * A mistake on the command line: reported with the command's usage, exit status 2. Recognise it
 * with isUsageError, not instanceof: dist/cli.js and the commands' bundles (dist/cli-lint.js,
 * dist/cli-commands.js, see esbuild.mjs) each hold their own copy of this class.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof Error && e.name === 'UsageError';
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.' };

export function parseOptions(argv: string[], specs: OptionSpec[]): Parsed {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  // parseArgs rejects keys present with an undefined value.
  for (const s of specs) options[s.name] = { type: s.type, ...(s.short ? { short: s.short } : {}), ...(s.multiple ? { multiple: true } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Aligned option list for help texts. */
export function formatOptions(specs: OptionSpec[]): string {
  const heads = specs.map((s) => `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.value ? ` <${s.value}>` : ''}`);
  const width = Math.max(...heads.map((h) => h.length));
  return specs.map((s, i) => `  ${heads[i].padEnd(width)}  ${s.description}`).join('\n');
}

/** The last value of an option that may be given once (a repeated option keeps the last, like most CLIs). */
export function stringOption(parsed: Parsed, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(parsed: Parsed, name: string): string[] {
  const v = parsed.values[name];
  return Array.isArray(v) ? v : [];
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

/** An option restricted to a set of values. */
export function choiceOption<T extends string>(parsed: Parsed, name: string, choices: readonly T[], fallback: T): T {
  const v = stringOption(parsed, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got "${v}")`);
  return v as T;
}
