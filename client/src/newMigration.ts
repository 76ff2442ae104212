/**
 * `migrationLens.newMigration`, "Migration Lens: New Migration": asks which set (when there are
 * several), a description and, with a header template, whether the change is dangerous; then
 * creates the files through the same core as `migration-lens new` and opens the main file with
 * the first placeholder selected.
 *
 * From the explorer context menu the argument is the folder's Uri (that set). Automation and
 * tests pass `{ description, setRoot?, dangerous? }` and get the created migration back.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResolvedConfig } from '../../server/src/config';
import type { ConventionId } from '../../server/src/layout/conventions';
import type { MigrationSet } from '../../server/src/layout/types';
import type { CreatedMigration } from '../../server/src/scaffold/newMigration';

/** The scaffolding core, loaded on first use: activation must not pay for the config parser and the file walker. */
async function loadCore() {
  const [config, detect, naming, settings, scaffold] = await Promise.all([
    import('../../server/src/config'),
    import('../../server/src/layout/detect'),
    import('../../server/src/layout/naming'),
    import('../../server/src/lsp/settings'),
    import('../../server/src/scaffold/newMigration'),
  ]);
  return { ...config, ...detect, ...naming, ...settings, ...scaffold };
}
type Core = Awaited<ReturnType<typeof loadCore>>;

export const NEW_MIGRATION_COMMAND = 'migrationLens.newMigration';
const TITLE = 'New Migration';

export interface NewMigrationArgs {
  description?: string;
  /** A set root or any folder (absolute); the workspace's only set when absent. */
  setRoot?: string;
  dangerous?: boolean;
}

export function registerNewMigration(): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_MIGRATION_COMMAND, (arg?: unknown) => newMigration(argsOf(arg)));
}

async function newMigration(args: NewMigrationArgs): Promise<CreatedMigration | undefined> {
  const core = await loadCore();
  try {
    const folder = await pickFolder(core, args.setRoot);
    if (!folder) return undefined;
    const config = configFor(core, folder);
    const set = await pickSet(core, folder, config, args.setRoot);
    if (!set) return undefined;
    const description = args.description ?? (await askDescription(core, set));
    if (description === undefined) return undefined;
    // Automation that gives a description decides `dangerous` itself; nobody is there to ask.
    const dangerous = args.dangerous ?? (args.description === undefined && config.header ? await askDangerous() : false);
    if (dangerous === undefined) return undefined;
    const created = core.createMigration(set, config, { description, dangerous });
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(created.main));
    const selection = new vscode.Selection(doc.positionAt(created.selection.start), doc.positionAt(created.selection.end));
    await vscode.window.showTextDocument(doc, { selection });
    vscode.window.setStatusBarMessage(`Migration Lens: created ${created.relFiles.join(', ')}`, 5000);
    return created;
  } catch (e) {
    if (!(e instanceof core.MigrationNameError)) throw e;
    void vscode.window.showErrorMessage(`${TITLE}: ${e.message}`);
    return undefined;
  }
}

/** The explorer passes the clicked folder's Uri (and the selection); automation passes an object. */
function argsOf(arg: unknown): NewMigrationArgs {
  if (arg instanceof vscode.Uri) return { setRoot: arg.fsPath };
  if (!arg || typeof arg !== 'object') return {};
  const { description, setRoot, dangerous } = arg as Record<string, unknown>;
  return {
    description: typeof description === 'string' ? description : undefined,
    setRoot: typeof setRoot === 'string' ? setRoot : undefined,
    dangerous: typeof dangerous === 'boolean' ? dangerous : undefined,
  };
}

async function pickFolder(core: Core, setRoot: string | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  if (setRoot) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(setRoot));
    if (!folder) throw new core.MigrationNameError(`${setRoot} is not inside an open workspace folder.`);
    return folder;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new core.MigrationNameError('Open the folder that holds your migrations first.');
  return folders.length === 1 ? folders[0] : vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder of the new migration' });
}

/** The same layers as the language server: defaults, `migrationLens.*` settings, `.migration-lens.json`. */
function configFor(core: Core, folder: vscode.WorkspaceFolder): ResolvedConfig {
  const settings = core.readSettings(vscode.workspace.getConfiguration('migrationLens', folder.uri));
  const file = core.loadConfigFile(path.join(folder.uri.fsPath, core.CONFIG_FILE_NAME));
  if (file.problems.length) {
    // A broken file would silently drop the team's header template: refuse rather than scaffold without it.
    if (Object.keys(file.config).length === 0) throw new core.MigrationNameError(`Fix ${core.CONFIG_FILE_NAME} first: ${file.problems[0]}`);
    void vscode.window.showWarningMessage(`${TITLE}: ${file.problems.join('; ')}`);
  }
  return core.resolveConfig(settings.config, file.config);
}

async function pickSet(core: Core, folder: vscode.WorkspaceFolder, config: ResolvedConfig, target: string | undefined): Promise<MigrationSet | undefined> {
  const choice = core.chooseSet(folder.uri.fsPath, config, target);
  if ('set' in choice) return choice.set;
  if (choice.choices.length === 0) return pickFirstSet(core, folder);
  const items = choice.choices.map((set) => ({
    label: set.relRoot || '.',
    description: set.convention,
    detail: `${set.files.length} migration${set.files.length === 1 ? '' : 's'}`,
    set,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Which migration set?' });
  return picked?.set;
}

const FIRST_SET_CONVENTIONS: ConventionId[] = ['init-sorted', 'numbered', 'up-down', 'drizzle', 'prisma', 'supabase'];

/** No migrations yet: the convention decides the folder and the naming of the first one. */
async function pickFirstSet(core: Core, folder: vscode.WorkspaceFolder): Promise<MigrationSet | undefined> {
  const items = FIRST_SET_CONVENTIONS.map((convention) => ({ label: core.DEFAULT_FOLDERS[convention], description: convention, convention }));
  const picked = await vscode.window.showQuickPick(items, {
    title: TITLE,
    placeHolder: 'No migrations yet: where does the first one go? (Or right-click a folder in the explorer.)',
  });
  return picked && core.emptySet(folder.uri.fsPath, picked.convention);
}

async function askDescription(core: Core, set: MigrationSet): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: TITLE,
    prompt: `Describe the migration (${set.relRoot || 'workspace folder'}, ${set.convention})`,
    placeHolder: 'add users email',
    validateInput: (value) => {
      const problem = core.descriptionProblem(value);
      if (problem) return problem;
      try {
        const names = core.planNewMigration(set, value, new Date()).files.map((f) => f.relPath);
        return { message: `Creates ${names.join(', ')}`, severity: vscode.InputBoxValidationSeverity.Info };
      } catch (e) {
        if (e instanceof core.MigrationNameError) return e.message;
        throw e;
      }
    },
  });
}

async function askDangerous(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Regular migration', dangerous: false },
      { label: 'Dangerous migration', detail: 'Adds "Type: Dangerous migration" and the DANGEROUS CHANGE REVIEW section to the header', dangerous: true },
    ],
    { title: TITLE, placeHolder: 'Does it drop, rewrite or tighten existing data?' },
  );
  return picked?.dangerous;
}
