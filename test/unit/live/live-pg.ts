/**
 * Shared by the live tests: one native PostgreSQL 15 server per test file (test/unit/preview/
 * native-postgres.ts), a fresh database per case, and migration folders written to a temp dir.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Client } from 'pg';
import { nativeUnavailable, skipEachWithoutPostgres, startNativePostgres, type NativePostgres } from '../preview/native-postgres';

export { nativeUnavailable, skipEachWithoutPostgres };

export interface LivePg {
  server: NativePostgres;
  /** A new empty database with `sql` run in it (as the superuser); its URL. */
  database(sql?: string): Promise<string>;
  /** A superuser client of a database made by database(). */
  admin(url: string): Promise<Client>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startLivePg(opts: { passwordUsers?: string[] } = {}): Promise<LivePg> {
  const server = await startNativePostgres(opts);
  const root = await server.connect();
  return {
    server,
    async database(sql = '') {
      const name = `live_${process.pid}_${counter++}`;
      await root.query(`CREATE DATABASE ${name} TEMPLATE template0`);
      if (sql) {
        const c = await server.connect(name);
        await c.query(sql);
      }
      return server.url(name);
    },
    admin: (url) => server.connect(decodeURIComponent(new URL(url).pathname.slice(1))),
    stop: () => server.stop(),
  };
}

/** Writes `files` (relative path → text) under a new temp dir; returns the dir. */
export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-live-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  trees.push(dir);
  return dir;
}

const trees: string[] = [];
export function removeTrees(): void {
  for (const d of trees.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** SQL string literal. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
