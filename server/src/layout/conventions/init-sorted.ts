/**
 * Init scripts applied together on every start (the team practice of `db/init/*.sql` plus a
 * `db/createDB.sql` snapshot): apps/web/scripts/migrate-db.js "applies every sorted SQL file in
 * db/init/ inside one transaction", on every deploy, so every file must be re-runnable.
 */
import { join } from 'node:path';
import { byName, sequenceIds } from './common';
import type { ConventionModule } from './types';

export const initSorted: ConventionModule = {
  id: 'init-sorted',
  tool: 'init scripts run by migrate-db.js',
  detection: {
    priority: 40,
    claims: (f) => f.dir.endsWith('/db/init'),
    path: /(^|\/)db\/init\/[^/]+\.sql$/i,
    pathPriority: 10,
    emptyFolder: (dir) => dir.endsWith('/db/init'),
    globs: ['**/db/init/**/*.sql'],
    defaultFolder: 'db/init',
    describe: 'a `db/init/` folder',
  },
  // migrate-db.js sorts the file names (JavaScript string order).
  order: { compare: () => byName, describe: 'file name (string sort)' },
  transaction: { mode: 'all', describe: 'all files in one transaction' },
  downs: { kind: 'none', underscoreTwins: false, describe: 'none (forward fixes)' },
  idempotent: true,
  naming: { ids: () => sequenceIds(2), describe: '`NN_name.sql`, next number' },
  snapshot: (root, exists) => {
    const snapshot = join(root, '..', 'createDB.sql');
    return exists(snapshot) ? snapshot : undefined;
  },
  sources: ['team practice: apps/web/scripts/migrate-db.js applies every sorted db/init/*.sql file inside one transaction'],
};
