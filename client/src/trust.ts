/**
 * Workspace trust for the schema preview, which runs the workspace's SQL (migrations and
 * `preview.setupSql`) in an in-process PostgreSQL. Linting only parses and needs no trust.
 * No `vscode` import at run time: the decision is unit-tested outside VS Code, and the
 * caller passes in how to read the trust state and how to ask.
 */

/** Why a preview would run: the user asked (command, view, diff), or a migration was saved. */
export type PreviewTrigger = 'user' | 'save';

export interface TrustPrompt {
  /** Whether VS Code trusts the workspace (`vscode.workspace.isTrusted`). */
  isTrusted(): boolean;
  /** Asks the user (a modal) whether to run the SQL anyway; true for "Run Preview". */
  confirm(): Promise<boolean>;
}

export const UNTRUSTED_PREVIEW_MESSAGE = 'Run the migrations of this untrusted workspace?';
export const UNTRUSTED_PREVIEW_DETAIL =
  "The schema preview runs the migrations' SQL (and preview.setupSql) in an in-process PostgreSQL (PGlite) inside the Migration Lens language server. " +
  'Run it only if you trust these files. Linting needs no trust and keeps working.';
export const RUN_PREVIEW = 'Run Preview';

export class PreviewTrustGate {
  /** "Run Preview" once answers for the rest of the session; a cancel asks again next time. */
  private consented = false;

  constructor(private readonly prompt: TrustPrompt) {}

  async allows(trigger: PreviewTrigger): Promise<boolean> {
    if (this.prompt.isTrusted()) return true;
    // Nobody is there to ask on save, and nothing may run unasked.
    if (trigger === 'save') return false;
    if (!this.consented) this.consented = await this.prompt.confirm();
    return this.consented;
  }
}
