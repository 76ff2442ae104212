/**
 * The subcommands of `migration-lens`. Adding one (`check`, `new`, `schema`) is a module exporting
 * its Command (options and help), whose `run` imports the implementation (`<name>-run.ts`) only
 * when the command runs, and one line in COMMANDS; main.ts handles dispatch, --help and errors.
 */
import type { Command } from './args';
import { lintCommand } from './lint';
import { newCommand } from './new';
import { schemaCommand } from './schema';
import { checkCommand } from './check';
import { statusCommand } from './status';

export type { Command } from './args';

export const COMMANDS: Command[] = [lintCommand, checkCommand, schemaCommand, statusCommand, newCommand];
