/**
 * Drizzle: `drizzle-kit generate` writes `NNNN_name.sql` files and lists them in
 * `meta/_journal.json`; the migrator applies the journal's entries in `idx` order and records
 * each in `__drizzle_migrations` (hash). drizzle-kit v1 writes `<timestamp>_name/migration.sql`
 * folders with a `snapshot.json` each.
 */
import { cryptoModule } from '../../builtins';
import { join, posix } from 'node:path';
import { appendJournalEntry, NEW_JOURNAL_TEXT, parseJournal } from '../drizzle-journal';
import { compareNumbered } from '../names';
import { MigrationNameError, planned, type MigrationPlan } from '../planned';
import type { MigrationSet } from '../types';
import { byName, byNumber, sequenceIds, TIMESTAMP_IDS } from './common';
import type { BookkeepingIO, ConventionModule } from './types';

export const JOURNAL = 'meta/_journal.json';

/**
 * The migrations folder of a journal path (`<folder>/meta/_journal.json`), else undefined. The
 * migrator applies `<folder>/<tag>.sql` for each journal entry, whatever the folder's name or depth
 * (drizzle-team/drizzle-orm drizzle-orm/src/migrator.ts, readMigrationFiles:
 * `${migrationsFolder}/meta/_journal.json`, `${migrationsFolder}/${tag}.sql`).
 */
export function journalFolderOf(rel: string): string | undefined {
  return rel === JOURNAL || rel.endsWith(`/${JOURNAL}`) ? posix.dirname(posix.dirname(rel)) : undefined;
}
/** drizzle-kit v1 keeps a `snapshot.json` next to each folder's `migration.sql`. */
const V1_SNAPSHOT = 'snapshot.json';

export const drizzle: ConventionModule = {
  id: 'drizzle',
  tool: 'Drizzle, drizzle-kit',
  detection: {
    priority: 10,
    // The journal decides; a folder-style set is Drizzle's when its folders hold snapshot.json and no Prisma lock file is there.
    claims: (f) =>
      f.exists(JOURNAL) || (f.folders && !f.exists('migration_lock.toml') && f.rels.some((r) => f.exists(posix.join(posix.basename(posix.dirname(r)), V1_SNAPSHOT)))),
    path: /(^|\/)migrations\/\d{4}_[^/]+\.sql$/i,
    pathPriority: 50,
    emptyFolder: (dir, exists) => dir.endsWith('/drizzle') || exists(JOURNAL),
    defaultFolder: 'drizzle',
    markers: [JOURNAL],
    describe: '`meta/_journal.json` (or v1 folders with `snapshot.json`)',
  },
  order: {
    // drizzle-kit v1 folders are sorted by name (timestamps); journal sets follow the journal.
    compare: (folders) => (folders ? byName : byNumber),
    arrange: ({ root, folders, ups, read }) => {
      if (folders) return undefined;
      const path = join(root, JOURNAL);
      const byStem = new Map(ups.map((f) => [f.stem, f]));
      const journal = parseJournal(path, read(path), (tag) => byStem.get(tag)?.path);
      if (journal.error) return { files: ups, orphans: [], ordered: false, journal };
      const listed = new Set(journal.entries.map((e) => e.tag));
      return {
        files: journal.entries.flatMap((e) => byStem.get(e.tag) ?? []),
        orphans: ups.filter((f) => !listed.has(f.stem)).sort(compareNumbered),
        ordered: true,
        journal,
      };
    },
    describe: 'journal `idx` (files missing from it are never applied)',
  },
  transaction: {
    // drizzle-team/drizzle-orm drizzle-orm/src/pg-core/dialect.ts, PgDialect.migrate: one
    // `session.transaction(async (tx) => { for await (const migration of migrations) { … } })`
    // runs every pending migration's statements and its __drizzle_migrations row: all pending
    // migrations in ONE transaction (drizzle-kit migrate calls the same migrator).
    mode: 'all',
    describe: 'all pending migrations in one transaction',
  },
  downs: { kind: 'none', underscoreTwins: false, describe: 'none (forward fixes)' },
  history: { table: '__drizzle_migrations', describe: '`__drizzle_migrations` (hash)' },
  idempotent: false,
  naming: {
    // drizzle-kit numbers from 0000 (the journal idx); v1 folders are named by timestamp.
    ids: (set) => (set.folders ? TIMESTAMP_IDS : sequenceIds(4, 0)),
    bookkeeping: (set, plan, io) => {
      if (!set.folders) journalBookkeeping(set, plan, io);
    },
    describe: '`NNNN_name.sql` + journal entry + snapshot copy (v1: `<timestamp>_name/migration.sql`)',
  },
  sources: ['drizzle-team/drizzle-orm:drizzle-orm/src/pg-core/dialect.ts (PgDialect.migrate)'],
};

/** The journal entry drizzle-kit generate --custom appends, and the schema snapshot it copies forward. */
function journalBookkeeping(set: MigrationSet, plan: MigrationPlan, io: BookkeepingIO): void {
  if (set.journal?.error) throw new MigrationNameError(`meta/_journal.json cannot be read (${set.journal.error}): fix it before adding a migration.`);
  const journalPath = set.journal?.path ?? join(set.root, 'meta', '_journal.json');
  const text = io.read(journalPath) ?? NEW_JOURNAL_TEXT;
  let appended: { text: string; idx: number };
  try {
    appended = appendJournalEntry(text, plan.stem, io.now.getTime());
  } catch (e) {
    throw new MigrationNameError(`meta/_journal.json cannot be updated: ${(e as Error).message}.`);
  }
  plan.journalUpdate = { path: journalPath, newText: appended.text };
  const previous = set.files.at(-1);
  const prevSnapshot = previous && io.read(join(set.root, 'meta', `${previous.id}_snapshot.json`));
  const snapshotRel = `meta/${plan.id}_snapshot.json`;
  if (prevSnapshot && !io.exists(join(set.root, snapshotRel))) {
    try {
      const snap = JSON.parse(prevSnapshot) as Record<string, unknown>;
      plan.files.push(planned(set, snapshotRel, 'meta', JSON.stringify({ ...snap, id: cryptoModule().randomUUID(), prevId: snap.id }, null, 2)));
    } catch {
      // An unreadable snapshot is drizzle-kit's to report; the migration itself does not need it.
    }
  }
}
