/** Who we are, for help texts, messages and the SARIF driver. */
import { version } from '../../../package.json';

export const TOOL_NAME = 'migration-lens';
export const TOOL_VERSION: string = version;
