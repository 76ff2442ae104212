/** Options several commands take, declared once (light: the help of every command lists them). */
import { CONFIG_FILE_NAME } from '../config-model';
import type { OptionSpec } from './args';

/** `--config`: every command that reads the configuration takes it (cli/load-config.ts reads it). */
export const CONFIG_OPTION: OptionSpec = { name: 'config', short: 'c', type: 'string', value: 'path', description: `Configuration file (default: ./${CONFIG_FILE_NAME}); its folder is the workspace root.` };

/** `--allow-empty`: `lint`, `check` and `schema` accept a run with no migrations (cli/empty.ts). */
export const ALLOW_EMPTY_OPTION: OptionSpec = { name: 'allow-empty', type: 'boolean', description: 'Exit 0 when no migration files are found (by default that is an error, exit 2).' };
