/**
 * Which PostgreSQL extensions the preview can load. A bare PGlite has only plpgsql; every other
 * extension is a tarball that must be handed to PGlite at create(). We build the Extension
 * objects ourselves (instead of importing `@electric-sql/pglite/contrib/*`) because those modules
 * find their tarball relative to their own file (`../x.tar.gz`), which breaks once bundled into dist/.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Extension } from '@electric-sql/pglite';
import type { ParsedFile } from '../parse/parser';
import { extensionDir } from './assets';

interface Bundle {
  /** Tarball name without `.tar.gz`. */
  tarball: string;
  from: 'pglite' | 'pgvector';
  /** Extensions CREATE EXTENSION … CASCADE pulls in, whose files must be present too. */
  requires?: string[];
  preload?: string[];
}

/** Extension name (as in CREATE EXTENSION) → the bundle PGlite 0.5.14 ships for it. */
const BUNDLES: Record<string, Bundle> = {
  ...Object.fromEntries(
    [
      'amcheck', 'bloom', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dict_int', 'dict_xsyn', 'file_fdw',
      'fuzzystrmatch', 'hstore', 'intarray', 'isn', 'lo', 'ltree', 'pageinspect', 'pg_buffercache',
      'pg_freespacemap', 'pg_surgery', 'pg_trgm', 'pg_visibility', 'pg_walinspect', 'pgcrypto', 'seg',
      'tablefunc', 'tcn', 'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid-ossp',
    ].map((name): [string, Bundle] => [name, { tarball: name, from: 'pglite' }]),
  ),
  earthdistance: { tarball: 'earthdistance', from: 'pglite', requires: ['cube'] },
  pg_stat_statements: { tarball: 'pg_stat_statements', from: 'pglite', preload: ['pg_stat_statements'] },
  // contrib/spi holds several small trigger-function extensions.
  autoinc: { tarball: 'spi', from: 'pglite' },
  insert_username: { tarball: 'spi', from: 'pglite' },
  moddatetime: { tarball: 'spi', from: 'pglite' },
  refint: { tarball: 'spi', from: 'pglite' },
  vector: { tarball: 'vector', from: 'pgvector' },
};

/** Built into every PGlite. */
const BUILT_IN = new Set(['plpgsql']);

export function isAvailable(name: string): boolean {
  return BUILT_IN.has(name) || name in BUNDLES;
}

export function availableExtensions(): string[] {
  return [...BUILT_IN, ...Object.keys(BUNDLES)].sort();
}

export function missingExtensionMessage(name: string): string {
  return `PGlite has no ${name}; the preview cannot load it (statement skipped, objects that need it will fail)`;
}

/** Names in `CREATE EXTENSION` statements, including those inside DO blocks. */
export function requestedExtensions(files: ParsedFile[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) for (const s of f.executed) if (s.kind === 'CreateExtensionStmt') names.add(String(s.node.extname));
  return names;
}

/** PGlite `extensions` option for the requested names PGlite can load. */
export function extensionOptions(names: Iterable<string>): Record<string, Extension> {
  const wanted = new Set<string>();
  const add = (n: string): void => {
    const b = BUNDLES[n];
    if (!b || wanted.has(n)) return;
    wanted.add(n);
    b.requires?.forEach(add);
  };
  for (const n of names) add(n);
  const out: Record<string, Extension> = {};
  for (const n of wanted) {
    const b = BUNDLES[n];
    const key = b.tarball.replace(/-/g, '_');
    const bundlePath = pathToFileURL(join(extensionDir(b.from), `${b.tarball}.tar.gz`));
    out[key] = { name: key, setup: async () => ({ bundlePath, sharedPreloadLibraries: b.preload }) };
  }
  return out;
}
