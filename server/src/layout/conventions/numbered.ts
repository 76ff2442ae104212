/**
 * Numbered files loaded by psql (the team practice of `db/NNN_name.sql` run from
 * docker-entrypoint-initdb.d): psql sends each statement on its own, in autocommit.
 */
import { roleOf, underscoreDownTwin } from '../names';
import { byNumber, sequenceIds } from './common';
import type { ConventionModule } from './types';

export const numbered: ConventionModule = {
  id: 'numbered',
  tool: 'numbered psql scripts',
  detection: {
    priority: 60,
    // A `db/` folder, or `NNN_x.sql` files with `NNN_x_down.sql` twins anywhere.
    claims: (f) => f.dir.endsWith('/db') || hasUnderscoreTwins(f.names),
    path: /(^|\/)db\/\d+_[^/]+\.sql$/i,
    pathPriority: 60,
    emptyFolder: (dir) => dir.endsWith('/db'),
    globs: ['**/db/[0-9]*.sql'],
    defaultFolder: 'db',
    describe: '`db/NNN_name.sql`, or `_down` twins',
  },
  order: { compare: () => byNumber, describe: 'numeric prefix (not zero-padded: `100_` after `99_`)' },
  // psql without --single-transaction: each statement commits on its own.
  transaction: { mode: 'none', describe: 'none: psql runs statement by statement (autocommit)' },
  downs: { kind: 'optional', underscoreTwins: true, describe: 'optional `NNN_name_down.sql` twin' },
  idempotent: false,
  naming: { ids: () => sequenceIds(3), describe: '`NNN_name.sql` (+ `_down` twin if the set has them)' },
  sources: ['team practice: numbered files loaded through docker-entrypoint-initdb.d with psql'],
};

function hasUnderscoreTwins(names: string[]): boolean {
  const stems = new Set(names.map((n) => roleOf(n).stem));
  return [...stems].some((s) => {
    const up = underscoreDownTwin(s);
    return up !== undefined && stems.has(up);
  });
}
