/** `migration-lens new <description>`: the editor's "New Migration", for the terminal. */
import { CONFIG_FILE_NAME } from '../config-model';
import type { Command, OptionSpec } from './args';
import { CONFIG_OPTION } from './shared-options';

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
  run: async (parsed, io) => (await import('./new-run')).runNew(parsed, io),
};
