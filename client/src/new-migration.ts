/**
 * `migrationLens.newMigration`, "Migration Lens: New Migration": asks which set (when there are
 * several), a description and, with a header template, whether the change is dangerous; then
 * has the language server create the files through the same core as `migration-lens new`, and
 * opens the main file with the first placeholder selected.
 *
 * From the explorer context menu the argument is the folder's Uri (that set). Automation and
 * tests pass `{ description, setRoot?, dangerous? }` and get the created migration back.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  COMMANDS,
  METHODS,
  type ConventionId,
  type ForwardFixParams,
  type CreatedMigration,
  type MigrationSet,
  type NewMigrationChooseParams,
  type NewMigrationChooseResult,
  type NewMigrationCreateParams,
  type NewMigrationCreateResult,
  type NewMigrationPlanParams,
  type NewMigrationPlanResult,
} from '../../shared/protocol';

const NEW_MIGRATION_COMMAND = 'migrationLens.newMigration';
const TITLE = 'New Migration';

interface NewMigrationArgs {
  description?: string;
  /** A set root or any folder (absolute); the workspace's only set when absent. */
  setRoot?: string;
  dangerous?: boolean;
}

/** Why the command stops: said to the user, nothing is written. */
class Refusal extends Error {}

export function registerNewMigration(client: LanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(NEW_MIGRATION_COMMAND, (arg?: unknown) => newMigration(client, argsOf(arg))),
    // The quick fix offered on a committed migration instead of editing it: the server writes the next migration.
    vscode.commands.registerCommand(COMMANDS.createForwardFix, (params: ForwardFixParams) => forwardFix(client, params)),
  );
}

async function forwardFix(client: LanguageClient, params: ForwardFixParams): Promise<CreatedMigration | undefined> {
  try {
    const { created } = refused(await client.sendRequest<NewMigrationCreateResult>(METHODS.forwardFix, params));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(created.main));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Selection(doc.positionAt(doc.getText().length), doc.positionAt(doc.getText().length)) });
    vscode.window.setStatusBarMessage(`Migration Lens: created the forward fix ${created.relFiles.join(', ')}`, 5000);
    return created;
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    void vscode.window.showErrorMessage(`Forward fix: ${e.message}`);
    return undefined;
  }
}

async function newMigration(client: LanguageClient, args: NewMigrationArgs): Promise<CreatedMigration | undefined> {
  try {
    const folder = await pickFolder(args.setRoot);
    if (!folder) return undefined;
    const choose = (extra: Partial<NewMigrationChooseParams> = {}) =>
      client.sendRequest<NewMigrationChooseResult>(METHODS.newMigrationChoose, { folderUri: folder.uri.toString(), ...extra } satisfies NewMigrationChooseParams).then(refused);
    const choice = await client
      .sendRequest<NewMigrationChooseResult>(METHODS.newMigrationChoose, { folderUri: folder.uri.toString(), target: args.setRoot } satisfies NewMigrationChooseParams)
      .then((answer) => createFolder(answer, () => choose({ target: args.setRoot, create: true })))
      .then(refused);
    if (choice.warnings.length) void vscode.window.showWarningMessage(`${TITLE}: ${choice.warnings.join('; ')}`);
    const set = choice.set ?? (await pickSet(choice.choices ?? [], choice.defaultFolders, async (convention) => (await choose({ convention })).set));
    if (!set) return undefined;
    const description = args.description ?? (await askDescription(client, set));
    if (description === undefined) return undefined;
    // Automation that gives a description decides `dangerous` itself; nobody is there to ask.
    const dangerous = args.dangerous ?? (args.description === undefined && choice.header ? await askDangerous() : false);
    if (dangerous === undefined) return undefined;
    const params: NewMigrationCreateParams = { folderUri: folder.uri.toString(), set, description, dangerous };
    const { created } = refused(await client.sendRequest<NewMigrationCreateResult>(METHODS.newMigrationCreate, params));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(created.main));
    const selection = new vscode.Selection(doc.positionAt(created.selection.start), doc.positionAt(created.selection.end));
    await vscode.window.showTextDocument(doc, { selection });
    vscode.window.setStatusBarMessage(`Migration Lens: created ${created.relFiles.join(', ')}`, 5000);
    return created;
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    if (!(e instanceof Refusal)) throw e;
    void vscode.window.showErrorMessage(`${TITLE}: ${e.message}`);
    return undefined;
  }
}

/**
 * The target folder does not exist (a typo, or a new set): ask before the server creates it with
 * the migration. Declined: nothing is written.
 */
async function createFolder(answer: NewMigrationChooseResult, again: () => Promise<NewMigrationChooseResult>): Promise<NewMigrationChooseResult> {
  if (!('missingFolder' in answer) || answer.missingFolder === undefined) return answer;
  const create = 'Create Folder';
  const picked = await vscode.window.showWarningMessage(
    `${answer.missingFolder} does not exist.`,
    { modal: true, detail: `Create the folder and start a new migration set in it? Nothing is written otherwise.` },
    create,
  );
  if (picked !== create) throw new Cancelled();
  return again();
}

/** The user declined: nothing to say, nothing written. */
class Cancelled extends Error {}

/** The server's answer, or the Refusal it carries. */
function refused<A extends object>(answer: A): Exclude<A, { error: string }> {
  if ('error' in answer) throw new Refusal(String(answer.error));
  return answer as Exclude<A, { error: string }>;
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

async function pickFolder(setRoot: string | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  if (setRoot) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(setRoot));
    if (!folder) throw new Refusal(`${setRoot} is not inside an open workspace folder.`);
    return folder;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Refusal('Open the folder that holds your migrations first.');
  return folders.length === 1 ? folders[0] : vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder of the new migration' });
}

async function pickSet(
  choices: MigrationSet[],
  defaultFolders: Record<ConventionId, string>,
  firstSet: (convention: ConventionId) => Promise<MigrationSet | undefined>,
): Promise<MigrationSet | undefined> {
  if (choices.length === 0) return pickFirstSet(defaultFolders, firstSet);
  const items = choices.map((set) => ({
    label: set.relRoot || '.',
    description: set.convention,
    detail: `${set.files.length} migration${set.files.length === 1 ? '' : 's'}`,
    set,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Which migration set?' });
  return picked?.set;
}

const FIRST_SET_CONVENTIONS: ConventionId[] = ['init-sorted', 'numbered', 'up-down', 'drizzle', 'prisma', 'supabase', 'flyway', 'goose', 'dbmate', 'sqitch', 'graphile-migrate'];

/** No migrations yet: the convention decides the folder and the naming of the first one. */
async function pickFirstSet(
  defaultFolders: Record<ConventionId, string>,
  firstSet: (convention: ConventionId) => Promise<MigrationSet | undefined>,
): Promise<MigrationSet | undefined> {
  const items = FIRST_SET_CONVENTIONS.map((convention) => ({ label: defaultFolders[convention], description: convention, convention }));
  const picked = await vscode.window.showQuickPick(items, {
    title: TITLE,
    placeHolder: 'No migrations yet: where does the first one go? (Or right-click a folder in the explorer.)',
  });
  return picked && firstSet(picked.convention);
}

async function askDescription(client: LanguageClient, set: MigrationSet): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: TITLE,
    prompt: `Describe the migration (${set.relRoot || 'workspace folder'}, ${set.convention})`,
    placeHolder: 'add users email',
    validateInput: async (value) => {
      const plan = await client.sendRequest<NewMigrationPlanResult>(METHODS.newMigrationPlan, { set, description: value } satisfies NewMigrationPlanParams);
      if ('problem' in plan) return plan.problem;
      return { message: `Creates ${plan.files.join(', ')}`, severity: vscode.InputBoxValidationSeverity.Info };
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
