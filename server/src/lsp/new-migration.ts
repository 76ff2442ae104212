/**
 * "New Migration" in the language server: the client asks which set (shared/protocol.ts
 * `newMigration/choose`), checks descriptions as they are typed (`/plan`) and has the files
 * written (`/create`) through the same core as `migration-lens new`. Files are written only on
 * that explicit command.
 */
import type {
  ForwardFixParams,
  NewMigrationChooseParams,
  NewMigrationChooseResult,
  NewMigrationCreateParams,
  NewMigrationCreateResult,
  NewMigrationPlanParams,
  NewMigrationPlanResult,
} from '../../../shared/protocol';
import { CONFIG_FILE_NAME, type ResolvedConfig } from '../config';
import { DEFAULT_FOLDERS, emptySet } from '../layout/detect';
import { planNewMigration } from '../layout/naming';
import type { MigrationSet } from '../layout/types';
import { chooseSet, createMigration, descriptionProblem, MigrationNameError, MissingFolderError } from '../scaffold/new-migration';
import { fsPathOf, type FolderConfig } from './workspace';

/** The folder's configuration, read afresh (the command may follow an edit of `.migration-lens.json` at once). */
type FreshConfig = (folderUri: string) => Promise<FolderConfig>;

export async function chooseNewMigrationSet(params: NewMigrationChooseParams, configOf: FreshConfig): Promise<NewMigrationChooseResult> {
  return refusals(async () => {
    const { root, config, warnings } = await configFor(params.folderUri, configOf);
    const base = { header: !!config.header, warnings, defaultFolders: DEFAULT_FOLDERS };
    if (params.convention) return { ...base, set: emptySet(root, params.convention) };
    const choice = chooseSet(root, config, params.target, { create: params.create === true });
    return 'set' in choice ? { ...base, set: choice.set } : { ...base, choices: choice.choices };
  });
}

export function planNewMigrationFiles(params: NewMigrationPlanParams): NewMigrationPlanResult {
  const problem = descriptionProblem(params.description);
  if (problem) return { problem };
  try {
    return { files: planNewMigration(params.set, params.description, new Date()).files.map((f) => f.relPath) };
  } catch (e) {
    if (e instanceof MigrationNameError) return { problem: e.message };
    throw e;
  }
}

export async function createNewMigration(params: NewMigrationCreateParams, configOf: FreshConfig): Promise<NewMigrationCreateResult> {
  return refusals(async () => {
    const { config } = await configFor(params.folderUri, configOf);
    return { created: createMigration(params.set, config, { description: params.description, dangerous: params.dangerous }) };
  });
}

/** "Create a forward-fix migration…": the next migration of the committed file's set, with the fix in it. */
export function createForwardFix(params: ForwardFixParams, set: MigrationSet | undefined, config: ResolvedConfig): NewMigrationCreateResult {
  if (!set) return { error: 'This file is in no migration set any more: no forward-fix migration was created.' };
  try {
    return { created: createMigration(set, config, { description: params.description, body: params.body }) };
  } catch (e) {
    if (e instanceof MigrationNameError) return { error: e.message };
    throw e;
  }
}

/** A refusal (MigrationNameError) is an answer for the user, not a failed request; a missing folder is a question for them. */
async function refusals<T>(job: () => Promise<T>): Promise<T | { error: string; missingFolder?: string }> {
  try {
    return await job();
  } catch (e) {
    if (e instanceof MissingFolderError) return { error: `${e.relFolder} does not exist.`, missingFolder: e.relFolder };
    if (e instanceof MigrationNameError) return { error: e.message };
    throw e;
  }
}

async function configFor(folderUri: string, configOf: FreshConfig): Promise<{ root: string; config: ResolvedConfig; warnings: string[] }> {
  const root = fsPathOf(folderUri);
  if (!root) throw new MigrationNameError(`${folderUri} is not a folder on disk.`);
  const fc = await configOf(folderUri);
  // A broken file would silently drop the team's header template: refuse rather than scaffold without it.
  if (fc.fileBroken) throw new MigrationNameError(`Fix ${CONFIG_FILE_NAME} first: ${fc.fileProblems[0]}`);
  return { root, config: fc.config, warnings: fc.fileProblems };
}
