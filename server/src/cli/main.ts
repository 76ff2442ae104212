/** `migration-lens <command> [options]`: dispatch, help, version and error handling. */
import { formatOptions, HELP_OPTION, isUsageError, parseOptions } from './args';
import { COMMANDS, type Command } from './commands';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { TOOL_NAME, TOOL_VERSION } from './tool';
import { isLimitError } from '../limits';

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.out(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  if (first === '--help' || first === '-h') {
    io.out(globalHelp());
    return EXIT_OK;
  }
  if (first === 'help') return helpFor(rest[0], io);
  if (first === undefined) {
    io.err(globalHelp());
    return EXIT_USAGE;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.err(`${TOOL_NAME}: unknown command "${first}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\nRun "${TOOL_NAME} --help" for usage.\n`);
    return EXIT_USAGE;
  }
  try {
    const parsed = parseOptions(rest, [...command.options, HELP_OPTION]);
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(parsed, io);
  } catch (e) {
    if (isLimitError(e)) {
      io.err(`${TOOL_NAME} ${command.name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (isUsageError(e)) {
      io.err(`${TOOL_NAME} ${command.name}: ${e.message}\nRun "${TOOL_NAME} ${command.name} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    // A bug of ours: say so plainly, with the stack for the bug report, and still exit cleanly.
    io.err(`${TOOL_NAME} ${command.name}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_USAGE;
  }
}

function helpFor(name: string | undefined, io: Io): number {
  const command = COMMANDS.find((c) => c.name === name);
  if (name !== undefined && !command) {
    io.err(`${TOOL_NAME}: unknown command "${name}"\n`);
    return EXIT_USAGE;
  }
  io.out(command ? commandHelp(command) : globalHelp());
  return EXIT_OK;
}

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `${TOOL_NAME} ${TOOL_VERSION}: lint hand-written PostgreSQL migrations.`,
    '',
    `Usage: ${TOOL_NAME} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also after a command: lint --help).',
    '  -v, --version  Print the version.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const parts = [`Usage: ${TOOL_NAME} ${command.name} ${command.usage}`, '', command.summary];
  if (command.details) parts.push('', command.details);
  parts.push('', 'Options:', formatOptions([...command.options, HELP_OPTION]), '');
  return parts.join('\n');
}
