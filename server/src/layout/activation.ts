/**
 * Where the extension wakes up and what the language server watches, from the convention
 * modules (never listed by hand): each convention's usual folder (`drizzle/`, Flyway's
 * `src/main/resources/db/migration`, …), its detection globs, and the files that mark its sets
 * (Drizzle's `meta/_journal.json`, Prisma's `migration_lock.toml`, `sqitch.plan`). `npm run docs`
 * writes the activation events into package.json (docs/generate.ts), and the docs test checks
 * that package.json says the same.
 */
import { CONFIG_FILE_NAME } from '../config';
import { CONVENTION_IDS, CONVENTIONS } from './conventions';

const anywhere = (glob: string) => (glob.startsWith('**/') ? glob : `**/${glob}`);

/** Globs of the files that mark a set (watched besides the `.sql` files). */
export function markerGlobs(): string[] {
  return [...new Set(CONVENTION_IDS.flatMap((id) => (CONVENTIONS[id].detection.markers ?? []).map(anywhere)))];
}

/** package.json `activationEvents`: SQL files, every convention's folders, globs and markers, the configuration file. */
export function activationEvents(): string[] {
  const globs = new Set<string>();
  for (const id of CONVENTION_IDS) {
    const d = CONVENTIONS[id].detection;
    // A set in the workspace root (sqitch's `.`) is found by its globs and markers instead.
    if (d.defaultFolder && d.defaultFolder !== '.') globs.add(`**/${d.defaultFolder}/**/*.sql`);
    for (const g of d.globs ?? []) globs.add(anywhere(g));
  }
  for (const m of markerGlobs()) globs.add(m);
  globs.add(`**/${CONFIG_FILE_NAME}`);
  return ['onLanguage:sql', ...[...globs].map((g) => `workspaceContains:${g}`)];
}
