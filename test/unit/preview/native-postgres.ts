/**
 * A throwaway native PostgreSQL 15 cluster (Debian's packages) for tests that compare the preview
 * with a real server: a temp data directory, a free loopback port, trust auth, fsync off. Root
 * cannot run postgres, so as root every server binary runs as `postgres` through runuser.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

export interface NativePostgres {
  /** A client of `database` (default: postgres); stop() ends it. */
  connect(database?: string): Promise<Client>;
  /** The loopback port the server listens on. */
  port: number;
  /** `postgres://user@127.0.0.1:port/database` (user postgres by default, trusted: no password). */
  url(database?: string, user?: string, password?: string): string;
  /** Stops the server (immediate mode) and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/** Skips each test of the suite, saying why in its title, when no native server can be started. */
export function skipEachWithoutPostgres(unavailable: string | undefined): void {
  beforeEach(function () {
    if (!unavailable) return;
    this.currentTest!.title += ` (skipped: ${unavailable})`;
    this.skip();
  });
}

/** Why no native server can be started here, or undefined when one can. */
export function nativeUnavailable(): string | undefined {
  if (!existsSync(`${BIN}/postgres`)) return `no native PostgreSQL 15 at ${BIN} (Debian package postgresql-15)`;
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root, and there is no postgres user to run the server as';
  return undefined;
}

export interface NativeOptions {
  /** Users that must give a password (scram-sha-256); everyone else is trusted. Create them with CREATE ROLE … PASSWORD. */
  passwordUsers?: string[];
}

export async function startNativePostgres(opts: NativeOptions = {}): Promise<NativePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'lens-native-pg-'));
  chmodSync(dir, 0o777); // the server user writes its data directory, socket and log here
  const data = join(dir, 'data');
  let started = false;
  const clients: Client[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    if (started) pgTool('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    pgTool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], 'initdb');
    if (opts.passwordUsers?.length) {
      // pg_hba.conf is read top down: these lines come before initdb's trust lines.
      const hba = join(data, 'pg_hba.conf');
      const lines = opts.passwordUsers.map((u) => `host all ${u} 127.0.0.1/32 scram-sha-256\n`).join('');
      writeFileSync(hba, lines + readFileSync(hba, 'utf8'));
    }
    const port = await freePort();
    started = true; // from here on, a failed start may still have left a server behind
    pgTool('pg_ctl', ['-D', data, '-w', '-t', '30', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'], 'pg_ctl start');
    const connect = async (database = 'postgres'): Promise<Client> => {
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database });
      clients.push(client);
      await client.connect();
      return client;
    };
    await (await connect()).query('SELECT 1'); // fail here, with the cleanup, if the server does not answer
    const url = (database = 'postgres', user = 'postgres', password?: string): string =>
      `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return { connect, stop, port, url };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs a server binary (as postgres when root); with `what`, a non-zero exit throws with its first stderr line. */
function pgTool(tool: string, args: string[], what?: string): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', `${BIN}/${tool}`, ...args]] : [`${BIN}/${tool}`, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (what && r.status !== 0) {
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0];
    throw new Error(`native PostgreSQL: ${what} failed: ${why}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
