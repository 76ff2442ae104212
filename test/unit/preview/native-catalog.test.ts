/**
 * Issue #4's done-when: the schema model of a fixture set equals what a native PostgreSQL server
 * makes of the same files. Both sides are read by the same introspect(); the native side applies
 * one transaction per file, as the per-file runner does, and names the file of each object from
 * its xid, so the file of every origin is compared too (lines come from the text, not the server).
 */
import { strict as assert } from 'node:assert';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, QueryResult } from 'pg';
import { introspect, type CatalogSource, type OriginOf } from '../../../server/src/preview/introspect';
import { PreviewRunner } from '../../../server/src/preview/runner';
import type { SchemaModel } from '../../../server/src/preview/schema-model';
import type { PreviewFile } from '../../../server/src/preview/types';
import { input, loadSet } from './fixtures';
import { nativeUnavailable, startNativePostgres, type NativePostgres } from './native-postgres';

// Sets PostgreSQL 15 can run as they are: no PG16+ syntax, no extension only PGlite bundles.
const SETS = ['simple', 'identity', 'catalog'];

describe('preview schema model = native PostgreSQL 15 catalog', function () {
  this.timeout(60_000);
  const unavailable = nativeUnavailable();
  let server: NativePostgres | undefined;
  const runner = new PreviewRunner(undefined, { cacheDir: join(tmpdir(), 'migration-lens-test') });

  before(async () => {
    if (!unavailable) server = await startNativePostgres();
  });
  beforeEach(function () {
    if (!unavailable) return;
    this.currentTest!.title += ` (skipped: ${unavailable})`;
    this.skip();
  });
  after(async () => {
    await server?.stop();
    await runner.close();
  });

  for (const set of SETS) {
    it(`${set}: same schema, objects from the same files`, async () => {
      const files = loadSet(set);
      const preview = await runner.run(input(files));
      assert.equal(preview.error?.message, undefined, `PGlite failed on ${preview.error?.path}:${preview.error?.line}`);
      const native = await nativeModel(server!, set, files);
      assert.deepEqual(differences(comparable(preview.schema), comparable(native)), []);
    });
  }
});

describe('catalog comparison', () => {
  it('reports a difference by the path of the object and both values', () => {
    const model: SchemaModel = { schemas: [{ name: 's', tables: [], views: [], functions: [], types: [{ name: 'mood', kind: 'enum', values: ['ok'] }], sequences: [] }], extensions: [] };
    const changed = structuredClone(model);
    changed.schemas[0].types[0] = { name: 'mood', kind: 'enum', values: ['ok', 'sad'] };
    assert.deepEqual(differences(comparable(model), comparable(changed)), ['s.types.mood.values.1: PGlite (missing), native "sad"']);
  });

  it('normalises only the PG15/PG16 view qualifier difference', () => {
    const view = (definition: string): SchemaModel => ({ schemas: [{ name: 's', tables: [], views: [{ name: 'v', materialized: false, definition, columns: [], indexes: [] }], functions: [], types: [], sequences: [] }], extensions: [] });
    const pg15 = 'SELECT t.id,\n    t.email\n   FROM s.t\n  WHERE t.id > 1;';
    assert.deepEqual(differences(comparable(view('SELECT id,\n    email\n   FROM s.t\n  WHERE id > 1;')), comparable(view(pg15))), []);
    const joined = 'SELECT p.id\n   FROM p\n     JOIN u ON u.id = p.a;';
    assert.equal(differences(comparable(view(joined)), comparable(view(joined.replace('u.id', 'id')))).length, 1);
  });
});

/** Applies the files to a fresh database, one transaction per file, and introspects it. */
async function nativeModel(server: NativePostgres, set: string, files: PreviewFile[]): Promise<SchemaModel> {
  const admin = await server.connect();
  const database = `lens_${set.replace(/\W/g, '_')}`;
  await admin.query(`CREATE DATABASE ${database} TEMPLATE template0`);
  const client = await server.connect(database);
  // The xid each file's transaction got: catalog rows it wrote carry it as xmin. (pg_current_xact_id() is
  // epoch-qualified, but a fresh cluster is in epoch 0, so it equals the 32-bit xmin.)
  const marks: number[] = [];
  for (const f of files) {
    await client.query('BEGIN');
    marks.push(Number((await client.query('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid));
    await client.query(f.text).catch((e: Error) => {
      throw new Error(`native PostgreSQL 15 rejected ${set}/${f.path}: ${e.message}`);
    });
    await client.query('COMMIT');
  }
  const originOf: OriginOf = (xid) => {
    const i = xid ? marks.filter((m) => m <= Number(xid)).length - 1 : -1;
    return i < 0 ? undefined : { path: files[i].path, line: 0 };
  };
  return introspect(catalogSource(client), originOf);
}

/** node-postgres in PGlite's `exec` shape: a multi-statement query gives one result per statement. */
function catalogSource(client: Client): CatalogSource {
  return {
    exec: async (sql) => {
      const res = (await client.query(sql)) as unknown as QueryResult | QueryResult[];
      return Array.isArray(res) ? res : [res];
    },
  };
}

/**
 * The model as plain JSON with origins cut to their file, minus what differs between PostgreSQL
 * versions only (PGlite runs 18, the native server 15), each difference named below.
 */
function comparable(model: SchemaModel): unknown {
  return JSON.parse(JSON.stringify(model, (key, value: unknown) => {
    if (key === 'origin') return (value as { path: string }).path;
    if (key === 'definition' && typeof value === 'string' && /^SELECT\b/.test(value)) return unqualifiedSingleRelation(value);
    return value;
  }));
}

/**
 * PG16 dropped the OLD/NEW entries from a view's range table, so the definition of a view that reads
 * one relation no longer qualifies its columns (`SELECT id` where PG15 prints `SELECT t.id`).
 */
function unqualifiedSingleRelation(definition: string): string {
  const from = /\bFROM\s+(?:\w+\.)?(\w+)\s*(?:\n|;|$)/.exec(definition);
  if (!from || /\bJOIN\b/.test(definition)) return definition;
  return definition.replace(new RegExp(`(?<![\\w.])${from[1]}\\.(?=\\w)`, 'g'), '');
}

/**
 * Every leaf where the two models differ, as `path: PGlite …, native …`. Lists of named objects are
 * keyed by name (and schemas by their name alone), so a path reads like `shop.tables.orders.columns.total.type`.
 */
function differences(pglite: unknown, native: unknown): string[] {
  const a = leaves(pglite);
  const b = leaves(native);
  const show = (v: string | undefined): string => v ?? '(missing)';
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort()
    .map((k) => `${k}: PGlite ${show(a.get(k))}, native ${show(b.get(k))}`);
}

function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (value === null || typeof value !== 'object') {
    out.set(path, JSON.stringify(value));
    return out;
  }
  const entries = Array.isArray(value)
    ? value.map((v: unknown, i) => [typeof (v as { name?: unknown })?.name === 'string' ? (v as { name: string }).name : String(i), v] as const)
    : Object.entries(value);
  for (const [k, v] of entries) leaves(v, path === 'schemas' ? k : path ? `${path}.${k}` : k, out);
  return out;
}
