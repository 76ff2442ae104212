/**
 * "New migration", shared by the editor command and `migration-lens new`: names the files the
 * set's convention needs (layout/naming.ts), fills them with the header template when the
 * workspace has one, writes them without overwriting anything, and says where to put the cursor.
 */
import * as path from 'node:path';
import type { ResolvedConfig } from '../config-model';
import { formatHeaderDate, renderHeader } from '../header/template';
import { sectionsOf } from '../layout/conventions/sections';
import { MigrationNameError, planNewMigration } from '../layout/naming';
import type { MigrationSet } from '../layout/types';
import { descriptionProblem, titleOf } from './description';
import { writePlan } from './write';

export { chooseSet, MissingFolderError, type SetChoice } from './choose-set';
export { descriptionProblem } from './description';
export { MigrationNameError };

interface NewMigrationOptions {
  description: string;
  /** Adds `Type: Dangerous migration` and the DANGEROUS CHANGE REVIEW section to the header. */
  dangerous?: boolean;
  now?: Date;
  /** SQL for the up migration (a forward fix), after the header; in the up section of a goose or dbmate file. */
  body?: string;
}

export interface CreatedMigration {
  /** The name the runner knows it by (`0019_add_users`, a Prisma folder name). */
  stem: string;
  /** The file to open: the up migration. */
  main: string;
  /** Every file written, main first, as absolute paths; `relFiles` the same relative to the workspace folder. */
  files: string[];
  relFiles: string[];
  /** The Drizzle journal, when one was updated. */
  journal?: string;
  /** UTF-16 offsets in `main` to select: the first `<placeholder>`, or the end of the file. */
  selection: { start: number; end: number };
}

/** Creates the migration in `set`; throws MigrationNameError with the reason when it refuses. */
export function createMigration(set: MigrationSet, config: ResolvedConfig, opts: NewMigrationOptions): CreatedMigration {
  const problem = descriptionProblem(opts.description);
  if (problem) throw new MigrationNameError(problem);
  const header = config.header;
  if (opts.dangerous && !header) {
    throw new MigrationNameError('A dangerous migration is declared in the header block, and this workspace has no header template: set "header" in .migration-lens.json (e.g. { "preset": "studyboost" }).');
  }
  const now = opts.now ?? new Date();
  const title = titleOf(opts.description);
  const date = formatHeaderDate(now);
  const plan = planNewMigration(set, opts.description, now, {
    template: (t) => (header ? renderHeader(header, { title, migration: t.stem, date, dangerous: !!opts.dangerous && t.role === 'up' }) : ''),
  });
  const up = plan.files.find((f) => f.role === 'up') ?? plan.files[0];
  if (opts.body) up.content = withBody(set.convention, up.content, opts.body);
  const depth = set.relRoot ? set.relRoot.split('/').length : 0;
  writePlan(plan, { setRoot: set.root, workspace: path.resolve(set.root, ...Array<string>(depth).fill('..')) });
  const main = plan.files.find((f) => f.role === 'up') ?? plan.files[0];
  const ordered = [main, ...plan.files.filter((f) => f !== main)];
  return {
    stem: plan.stem,
    main: main.path,
    files: ordered.map((f) => f.path),
    relFiles: ordered.map((f) => f.relPath),
    journal: plan.journalUpdate?.path,
    selection: firstPlaceholder(main.content),
  };
}

/** `body` added to a new file: at the end of its up section (goose, dbmate), else at the end. */
function withBody(convention: MigrationSet['convention'], content: string, body: string): string {
  const up = sectionsOf(convention, content)?.find((s) => s.role === 'up');
  let at = up ? up.end : content.length;
  // At a line start: after the line the section ends on.
  if (at > 0 && content[at - 1] !== '\n') {
    const nl = content.indexOf('\n', at);
    at = nl < 0 ? content.length : nl + 1;
  }
  const before = content.slice(0, at);
  const lead = before && !before.endsWith('\n') ? '\n' : '';
  const text = body.endsWith('\n') ? body : `${body}\n`;
  return `${before}${lead}${text}${content.slice(at)}`;
}

/** The first `<…>` template placeholder, or an empty selection at the end of the text. */
function firstPlaceholder(text: string): { start: number; end: number } {
  const m = /<[^<>\n]+>/.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : { start: text.length, end: text.length };
}
