import { strict as assert } from 'node:assert';
import { lintInOrder, type Layout } from '../../../server/src/cli/lint-files';
import type { SetContexts } from '../../../server/src/layout/set-context';
import type { MigrationFile, MigrationSet } from '../../../server/src/layout/types';

const file = (path: string) => ({ path }) as MigrationFile;
const set = (root: string, ups: string[], downs: string[] = []) => ({ root, files: ups.map(file), downs: downs.map(file), orphans: [] }) as unknown as MigrationSet;

describe('cli: one thread\'s files linted in order (lintInOrder)', function () {
  this.timeout(10_000);

  it('lets each set go right after the last of these files in it, whatever the order, and no other', () => {
    const a = set('/a', ['/a/1.sql', '/a/2.sql'], ['/a/1.down.sql']);
    const b = set('/b', ['/b/1.sql', '/b/2.sql']);
    const events: string[] = [];
    const layout = { sets: [a, b], setFindings: new Map(), read: () => undefined, contexts: { releaseSet: (s: MigrationSet) => events.push(`release ${s.root}`) } as unknown as SetContexts } satisfies Layout;
    // /b/2.sql is not this thread's: b is let go after /b/1.sql; /a/1.down.sql comes after b's file.
    const results = lintInOrder(['/a/1.sql', '/a/2.sql', '/b/1.sql', '/a/1.down.sql', '/loose.sql'], layout, (f) => (events.push(f), f.length));
    assert.deepEqual(results, [8, 8, 8, 13, 10]);
    assert.deepEqual(events, ['/a/1.sql', '/a/2.sql', '/b/1.sql', 'release /b', '/a/1.down.sql', 'release /a', '/loose.sql']);
  });
});
