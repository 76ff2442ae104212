/** What `migration-lens new` runs (its options and help: new.ts). */
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../config';
import { toPosix } from '../files';
import { chooseSet, createMigration, MigrationNameError } from '../scaffold/new-migration';
import { flag, stringOption, UsageError, type Parsed } from './args';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { loadConfig } from './load-config';
import { TOOL_NAME } from './tool';

export async function runNew(parsed: Parsed, io: Io): Promise<number> {
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
