/**
 * Flyway: `V<version>__<description>.sql` versioned scripts, `U<version>__…` undo scripts,
 * `R__<description>.sql` repeatable scripts. Facts from flyway/flyway:
 * - internal/resource/ResourceNameParser.java and api/MigrationVersion.java: names and version
 *   order (dotted or underscored versions compared part by part as numbers), see ../flyway-names.ts.
 * - internal/info/MigrationInfoImpl.java `compareVersion`: "versioned migration goes before
 *   repeatable", "Two repeatable migrations: sort by description"; an undo sorts after its version.
 * - documentation/Reference/Tutorials/Tutorial - Repeatable Migrations.md: repeatable scripts
 *   "are (re-)applied every time their checksum changes".
 * - documentation/Reference/Configuration/Flyway Namespace/Flyway Locations Setting.md: locations
 *   are scanned recursively; defaults `classpath:db/migration` (API),
 *   `filesystem:src/main/resources/db/migration` (Maven/Gradle), `filesystem:sql` (command line);
 *   set in `flyway.conf` (`flyway.locations`) or `flyway.toml` (`[flyway] locations`).
 * - internal/sqlscript/ParserSqlScript.java `executeInTransaction` and
 *   flyway-database-postgresql/.../PostgreSQLParser.java: a script runs in a transaction unless its
 *   script config file `<script>.conf` says `executeInTransaction=false`
 *   (documentation/Reference/Script Configuration.md) or it holds a statement PostgreSQL cannot run
 *   in one (CREATE/DROP INDEX CONCURRENTLY, VACUUM, …); then each statement runs on its own.
 * - documentation/Reference/Configuration/Flyway Namespace (Sql Migration Prefix, Sql Migration
 *   Separator, Repeatable Sql Migration Prefix, … settings): the name parts are configurable in
 *   flyway.conf (`flyway.sqlMigrationSeparator=-`) and flyway.toml (`[flyway] sqlMigrationSeparator
 *   = "-"`); see flywayConfNaming in ../flyway-names.ts and flywayNamingAt below.
 * - FlywayModel.java: history table `flyway_schema_history`; PostgreSQLDatabase.java: its columns
 *   (installed_rank, version, description, type, script, checksum, installed_by, installed_on,
 *   execution_time, success).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { lex } from '../../parse/lexer';
import { probed } from '../fs-probes';
import {
  compareFlywayNames, compareFlywayParts, FLYWAY_DEFAULT_NAMING, flywayConfLocations, flywayConfNaming, flywayScriptMode, flywayTomlLocations,
  nextFlywayVersion, parseFlywayName, scriptConfigTransaction, type FlywayName, type FlywayNaming,
} from '../flyway-names';
import { utcTimestamp } from '../names';
import type { MigrationFile } from '../types';
import type { Comparator, ConventionModule } from './types';

/** The Flyway reading of a migration unit's stem (`V1.2__add_users`), when it is a migration script. */
function flywayNameOf(stem: string, naming: FlywayNaming = FLYWAY_DEFAULT_NAMING): FlywayName | undefined {
  const r = parseFlywayName(`${stem}.sql`, naming);
  return r && !('error' in r) ? r : undefined;
}

/** How far above a folder a flyway.conf / flyway.toml is looked for (Flyway reads it in the working directory, the project's root). */
const CONF_LEVELS = 4;
const namingCache = new Map<string, { at: number; naming: FlywayNaming; looked: string[] }>();

/**
 * The name settings (prefixes, separator, suffixes) that apply to scripts in `dir`: those of the
 * nearest flyway.toml or flyway.conf above it whose locations (default `sql`, scanned
 * recursively) hold `dir`; Flyway's defaults otherwise. Cached for a second: detection and
 * sorting ask for every file. A cached answer tells the paths it was read from again
 * (../fs-probes.ts), as reading them would have.
 */
export function flywayNamingAt(dir: string): FlywayNaming {
  const hit = namingCache.get(dir);
  if (hit && Date.now() - hit.at < 1000) {
    for (const path of hit.looked) probed(path);
    return hit.naming;
  }
  let naming = FLYWAY_DEFAULT_NAMING;
  let d = dir;
  const looked: string[] = [];
  search: for (let i = 0; i <= CONF_LEVELS; i++) {
    for (const name of ['flyway.toml', 'flyway.conf']) {
      looked.push(join(d, name));
      const text = readOrUndefined(join(d, name));
      if (text === undefined) continue;
      const toml = name.endsWith('.toml');
      const locations = (toml ? flywayTomlLocations(text) : flywayConfLocations(text)) ?? ['sql'];
      const inside = locations.some((loc) => {
        const rel = relative(resolve(d, loc), dir);
        return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
      });
      if (inside) naming = flywayConfNaming(text, toml);
      break search;
    }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  namingCache.set(dir, { at: Date.now(), naming, looked });
  if (namingCache.size > 1000) namingCache.delete(namingCache.keys().next().value!);
  return naming;
}

const isMigration = (n: FlywayName | undefined): n is FlywayName => !!n && n.kind !== 'callback';

const compare: Comparator = (a, b) => {
  const x = flywayNameOf(a.stem);
  const y = flywayNameOf(b.stem);
  if (x && y) return compareFlywayNames(x, y);
  if (x || y) return x ? -1 : 1;
  return a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0;
};

function readOrUndefined(path: string): string | undefined {
  probed(path);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export const flyway: ConventionModule = {
  id: 'flyway',
  tool: 'Flyway',
  detection: {
    priority: 25,
    claims: (f) => {
      const naming = flywayNamingAt(f.root);
      return f.names.some((n) => {
        const r = parseFlywayName(n, naming);
        return !!r && !('error' in r) && (r.kind === 'versioned' || r.kind === 'repeatable');
      });
    },
    path: /(^|\/)(V\d[\d._]*|R)__[^/]*\.sql$/,
    pathPriority: 35,
    emptyFolder: (dir, exists) => dir.endsWith('/db/migration') || exists('../flyway.conf') || exists('../flyway.toml'),
    // The command line's default location is `sql/`: its scripts are found by their names anywhere.
    globs: ['**/V[0-9]*__*.sql', '**/U[0-9]*__*.sql', '**/R__*.sql'],
    defaultFolder: 'src/main/resources/db/migration',
    describe: '`V<version>__name.sql`, `U…` undo, `R__name.sql` repeatable scripts (prefixes, separator and locations as `flyway.conf` / `flyway.toml` set them)',
  },
  order: {
    compare: () => compare,
    // Callbacks (`afterMigrate.sql`…) are not migrations; undo scripts pair with their version.
    // Names read with the prefixes and separator of the set's flyway.conf / flyway.toml.
    arrange: ({ root, ups }) => {
      const naming = flywayNamingAt(root);
      const named = ups.map((f) => ({ f, n: flywayNameOf(f.stem, naming) }));
      const files = named.filter((x) => isMigration(x.n) && x.n.kind !== 'undo').map((x) => x.f);
      const undos = named.filter((x) => x.n?.kind === 'undo');
      const orphans = named.filter((x) => !x.n).map((x) => x.f);
      for (const u of undos) {
        const twin = named.find((x) => x.n?.kind === 'versioned' && compareFlywayParts(x.n.parts, u.n!.parts) === 0);
        u.f.role = 'down';
        if (twin) {
          twin.f.downPath = u.f.path;
          u.f.upPath = twin.f.path;
        }
      }
      const order = new Map(named.map((x) => [x.f, x.n]));
      files.sort((a, b) => compareFlywayNames(order.get(a)!, order.get(b)!));
      return { files, orphans, ordered: true, downs: undos.map((x) => x.f) };
    },
    describe: 'version (dotted parts compared as numbers), then `R__` scripts by description',
  },
  transaction: {
    mode: 'per-file',
    fileMode: (text, path) => {
      const conf = path ? readOrUndefined(`${path}.conf`) : undefined;
      const configured = conf === undefined ? undefined : scriptConfigTransaction(conf);
      const statements = lex(text).segments.map((s) => text.slice(s.start, s.end));
      return flywayScriptMode(statements, configured).transaction ? undefined : 'none';
    },
    describe: 'a transaction per script, none for a script with CONCURRENTLY/VACUUM or `executeInTransaction=false` in its `.conf`',
  },
  downs: { kind: 'optional', underscoreTwins: false, describe: '`U<version>__name.sql` undo script (Teams edition)' },
  history: { table: 'flyway_schema_history', describe: '`flyway_schema_history` (checksum)' },
  idempotent: false,
  repeatable: (file: MigrationFile) => flywayNameOf(file.stem, flywayNamingAt(dirname(file.path)))?.kind === 'repeatable',
  naming: {
    ids: () => ({ timestamps: false, followExisting: true, firstWidth: 1, firstNumber: 1 }),
    stem: (set, name, now) => {
      const naming = flywayNamingAt(set.root);
      const versions = [...set.files, ...set.downs].map((f) => flywayNameOf(f.stem, naming)).filter((n): n is FlywayName => !!n && n.kind !== 'repeatable' && n.kind !== 'callback');
      const latest = versions.sort((a, b) => compareFlywayParts(a.parts, b.parts)).at(-1);
      const id = nextFlywayVersion(latest?.version, utcTimestamp(now, 14));
      return { id, stem: `${naming.versionedPrefix}${id}${naming.separator}${name}` };
    },
    // An undo script beside it where the set already keeps them (Teams edition).
    files: (set, stem) => {
      const naming = flywayNamingAt(set.root);
      const undo = stem.startsWith(naming.versionedPrefix) ? naming.undoPrefix + stem.slice(naming.versionedPrefix.length) : undefined;
      return [{ rel: `${stem}.sql`, role: 'up' as const }, ...(set.downs.length && undo ? [{ rel: `${undo}.sql`, role: 'down' as const }] : [])];
    },
    describe: '`V<next version>__name.sql` (the last version part plus one), and `U…` where the set has undo scripts',
  },
  sources: [
    'flyway/flyway:flyway-core/src/main/java/org/flywaydb/core/internal/resource/ResourceNameParser.java',
    'flyway/flyway:flyway-core/src/main/java/org/flywaydb/core/api/MigrationVersion.java',
    'flyway/flyway:flyway-core/src/main/java/org/flywaydb/core/internal/info/MigrationInfoImpl.java',
    'flyway/flyway:flyway-core/src/main/java/org/flywaydb/core/internal/sqlscript/ParserSqlScript.java',
    'flyway/flyway:flyway-database/flyway-database-postgresql/src/main/java/org/flywaydb/database/postgresql/PostgreSQLParser.java',
    'flyway/flyway:documentation/Reference/Script Configuration.md',
    'flyway/flyway:documentation/Reference/Configuration/Flyway Namespace/Flyway Locations Setting.md',
  ],
};
