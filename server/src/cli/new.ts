/** `migration-lens new <description>`: the editor's "New Migration", for the terminal. */
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../config';
import { toPosix } from '../files';
import { chooseSet, createMigration, MigrationNameError } from '../scaffold/new-migration';
import { flag, stringOption, UsageError, type OptionSpec, type Parsed, type Command } from './args';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { CONFIG_OPTION, loadConfig } from './load-config';
import { TOOL_NAME } from './tool';

const OPTIONS: OptionSpec[] = [
  { name: 'dir', short: 'd', type: 'string', value: 'folder', description: 'The migration set (its folder, or a folder holding only one set); an empty folder starts a new set.' },
  { name: 'dangerous', type: 'boolean', description: 'Mark the header as a dangerous migration and add the DANGEROUS CHANGE REVIEW section (needs a header template).' },
  { name: 'create', type: 'boolean', description: 'Create the --dir folder when it does not exist (a new migration set); without it a missing folder is refused, as a typo would be.' },
  CONFIG_OPTION,
];

export const newCommand: Command = {
  name: 'new',
  summary: 'Create the next migration, named and laid out the way the set does it.',
  usage: '[options] <description...>',
  details: [
    'Numbered sets get the next number in their zero-pad width, up/down sets both files, Prisma a',
    'timestamped folder, Drizzle the next file and its meta/_journal.json entry, Supabase a UTC',
    `timestamp. With "header" in ${CONFIG_FILE_NAME} the file starts with the header template.`,
    'Existing files are never overwritten; a name that would sort before existing migrations is refused.',
    '',
    'Exit status: 0 created, 2 refused (the reason is printed), usage or configuration error.',
  ].join('\n'),
  options: OPTIONS,
  run: runNew,
};

async function runNew(parsed: Parsed, io: Io): Promise<number> {
  const description = parsed.positionals.join(' ');
  if (!description.trim()) throw new UsageError('describe the migration, e.g. migration-lens new add users email');
  const loaded = loadConfig(io, stringOption(parsed, 'config'), {});
  if (!loaded) return EXIT_USAGE;
  const { config, root } = loaded;
  const dir = stringOption(parsed, 'dir');
  const shown = (p: string) => toPosix(path.relative(io.cwd, p)) || '.';
  try {
    const choice = chooseSet(root, config, dir === undefined ? undefined : path.resolve(io.cwd, dir), { create: flag(parsed, 'create') });
    if ('choices' in choice) {
      if (choice.choices.length === 0) {
        io.err(`${TOOL_NAME}: no migrations found in ${root}. Name the folder of the first one with --dir (db/init, supabase/migrations, prisma/migrations… decide the convention), or set "convention" in ${CONFIG_FILE_NAME}.\n`);
      } else {
        const list = choice.choices.map((s) => `  ${shown(s.root)} (${s.convention})`).join('\n');
        io.err(`${TOOL_NAME}: this workspace has several migration sets; choose one with --dir:\n${list}\n`);
      }
      return EXIT_USAGE;
    }
    const created = createMigration(choice.set, config, { description, dangerous: flag(parsed, 'dangerous') });
    for (const f of created.files) io.out(`created ${shown(f)}\n`);
    if (created.journal) io.out(`updated ${shown(created.journal)}\n`);
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof MigrationNameError)) throw e;
    io.err(`${TOOL_NAME}: ${e.message}\n`);
    return EXIT_USAGE;
  }
}
