/**
 * The subcommands of `migration-lens`. Adding one (`check`, `new`, `schema`) is one module
 * exporting a Command and one line in COMMANDS; main.ts handles dispatch, --help and errors.
 */
import type { OptionSpec, Parsed } from './args';
import type { Io } from './io';
import { lintCommand } from './lint';
import { newCommand } from './new';
import { schemaCommand } from './schema';
import { checkCommand } from './check';
import { statusCommand } from './status';

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

export const COMMANDS: Command[] = [lintCommand, checkCommand, schemaCommand, statusCommand, newCommand];
