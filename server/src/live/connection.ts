/**
 * Read-only access to a real database (opt-in: `--db`, `DATABASE_URL`, a `.env` file at the set's
 * root, or the editor's SecretStorage). Every session is made read-only three ways, so no single
 * slip can write: the session default is `default_transaction_read_only = on`, every query runs
 * inside its own `BEGIN TRANSACTION READ ONLY … ROLLBACK`, and every query goes through the
 * extended protocol, which accepts exactly one statement (no `COMMIT; …` smuggled in a string).
 * Short `statement_timeout` and `lock_timeout` keep a probe from waiting on, or holding up, a
 * busy table. Errors come back as LiveError with a message fit for the user.
 */
import { join } from 'node:path';
import type { Client, ClientConfig } from 'pg';
import { readTextFile } from '../limits';

interface LiveLimits {
  /** Per statement; the server cancels a query running longer (default 5 s). */
  statementTimeoutMs: number;
  /** Waiting for a lock longer than this fails the query instead of queueing behind DDL (default 1 s). */
  lockTimeoutMs: number;
  /** Giving up on a server that does not answer the connection (default 5 s). */
  connectTimeoutMs: number;
}

const DEFAULT_LIMITS: LiveLimits = { statementTimeoutMs: 5_000, lockTimeoutMs: 1_000, connectTimeoutMs: 5_000 };

type LiveErrorKind = 'no-url' | 'bad-url' | 'refused' | 'unreachable' | 'auth' | 'no-database' | 'tls' | 'timeout' | 'read-only' | 'query';

/** A failure talking to the database, with a message that says what to do. */
export class LiveError extends Error {
  constructor(readonly kind: LiveErrorKind, message: string, readonly code?: string) {
    super(message);
  }
}

/** Where the database URL came from, for messages ("from DATABASE_URL in .env"). */
type UrlSource = '--db' | 'DATABASE_URL' | '.env' | 'editor';

interface ResolvedUrl {
  url: string;
  source: UrlSource;
  /** The `.env` file read, when source is `.env`. */
  file?: string;
}

/**
 * The URL to use: `--db` first, then `DATABASE_URL` in the environment, then `DATABASE_URL` in a
 * `.env` file in one of `dirs` (the set's root, then the workspace), as Node migration runners
 * (dotenv) commonly read it. Undefined when none says one.
 */
/** A `.env` file holds a few variables; a megabyte is far beyond any real one. */
const MAX_DOTENV_BYTES = 1024 * 1024;

export function resolveDatabaseUrl(opts: { db?: string; env?: NodeJS.ProcessEnv; dirs?: string[] }): ResolvedUrl | undefined {
  if (opts.db) return { url: opts.db, source: '--db' };
  const fromEnv = opts.env?.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, source: 'DATABASE_URL' };
  for (const dir of opts.dirs ?? []) {
    const file = join(dir, '.env');
    // Regular files only, bounded: a `.env` that is a FIFO or a symlink to /dev/zero must not hang the run.
    const text = readTextFile(file, MAX_DOTENV_BYTES);
    if (text === undefined) continue;
    const url = parseDotEnv(text).DATABASE_URL;
    if (url) return { url, source: '.env', file };
  }
  return undefined;
}

/** `KEY=value` lines of a `.env` file (`export` prefix, quotes and trailing comments allowed). */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    let value = m[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@');
  }
}

export interface LiveDb {
  /** One read-only statement; `$1`… parameters. Rows as pg returns them (int8 and numeric as text). */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several statements in one read-only REPEATABLE READ transaction: one snapshot for all of them. */
  queryAll(sqls: string[]): Promise<Record<string, unknown>[][]>;
  /** `user@host:port/database` (no password), for messages. */
  readonly label: string;
  /** The server's `server_version_num` (150004 for 15.4). */
  readonly serverVersion: number;
  close(): Promise<void>;
}

/**
 * Connects and makes the session read-only. Throws LiveError (refused, unreachable, bad password,
 * missing database, TLS) with a message that names the host and database but never the password.
 */
export async function connectReadOnly(url: string, limits: Partial<LiveLimits> = {}): Promise<LiveDb> {
  const l = { ...DEFAULT_LIMITS, ...limits };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LiveError('bad-url', `not a database URL: ${redactUrl(url)} (expected postgres://user:password@host:port/database)`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new LiveError('bad-url', `not a PostgreSQL URL: ${redactUrl(url)} (expected postgres:// or postgresql://)`);
  }
  const config: ClientConfig = {
    connectionString: url,
    connectionTimeoutMillis: l.connectTimeoutMs,
    // Also sent as startup parameters, so the very first statement is already bounded.
    statement_timeout: l.statementTimeoutMs,
    lock_timeout: l.lockTimeoutMs,
    idle_in_transaction_session_timeout: l.statementTimeoutMs * 2,
    application_name: 'migration-lens (read-only)',
    // A query slower than the server's own timeout (a server that stopped answering) fails here too.
    query_timeout: l.statementTimeoutMs + 2_000,
  };
  // Required on first connection only: `lint` must not pay for loading the driver at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client: PgClient } = require('pg') as typeof import('pg');
  const client = new PgClient(config);
  // A dropped connection emits 'error' on the client; without a listener it would crash the process.
  client.on('error', () => undefined);
  const where = describeTarget(parsed);
  try {
    await client.connect();
    // Session defaults that every later transaction inherits (SET is not a write; it needs no privilege).
    await client.query(
      `SET default_transaction_read_only = on; SET statement_timeout = ${Math.round(l.statementTimeoutMs)}; ` +
        `SET lock_timeout = ${Math.round(l.lockTimeoutMs)}; SET idle_in_transaction_session_timeout = ${Math.round(l.statementTimeoutMs * 2)}`,
    );
    const check = await client.query<{ ro: string; v: string }>({
      text: `SELECT current_setting('default_transaction_read_only') AS ro, current_setting('server_version_num') AS v`,
      queryMode: 'extended',
    } as never);
    if (check.rows[0]?.ro !== 'on') throw new LiveError('read-only', `${where}: the session could not be made read-only; nothing was read`);
    const serverVersion = Number(check.rows[0].v);
    return {
      label: where,
      serverVersion,
      query: (sql, params) => readOnly(client, where, 'BEGIN TRANSACTION READ ONLY', async (run) => run<never>(sql, params)),
      queryAll: (sqls) => readOnly(client, where, 'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY', async (run) => {
        const out: Record<string, unknown>[][] = [];
        for (const sql of sqls) out.push(await run(sql));
        return out;
      }),
      close: () => client.end().catch(() => undefined),
    };
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e instanceof LiveError ? e : classify(e, where, parsed);
  }
}

type Run = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** Runs `body` inside `begin` … ROLLBACK; each statement through the extended protocol (one statement per query). */
async function readOnly<T>(client: Client, where: string, begin: string, body: (run: Run) => Promise<T>): Promise<T> {
  const run: Run = async <R>(sql: string, params: unknown[] = []) => {
    const res = await client.query({ text: sql, values: params, queryMode: 'extended' } as never);
    return (res as unknown as { rows: R[] }).rows;
  };
  try {
    await client.query(begin);
    try {
      return await body(run);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  } catch (e) {
    throw e instanceof LiveError ? e : classify(e, where);
  }
}

function describeTarget(u: URL): string {
  const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
  const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
  return `${user}${u.hostname || 'localhost'}:${u.port || '5432'}/${db}`;
}

/** A pg or socket error as a LiveError that says what happened and what to check. */
export function classify(e: unknown, where: string, url?: URL): LiveError {
  const err = e as { code?: string; message?: string };
  const code = err.code;
  const msg = err.message ?? String(e);
  switch (code) {
    case 'ECONNREFUSED':
      return new LiveError('refused', `${where}: connection refused (is PostgreSQL running and listening on that host and port?)`, code);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LiveError('unreachable', `${where}: host not found (${url?.hostname ?? 'the host'} does not resolve)`, code);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new LiveError('unreachable', `${where}: unreachable (${msg})`, code);
    case '28P01':
      return new LiveError('auth', `${where}: password authentication failed (check the user and password in the URL)`, code);
    case '28000':
      return new LiveError('auth', `${where}: the server refused this user or host (${msg})`, code);
    case '3D000':
      return new LiveError('no-database', `${where}: ${msg}`, code);
    case '25006':
      return new LiveError('read-only', `refused by the read-only session: ${msg}`, code);
    case '57014':
      return new LiveError('timeout', `${where}: a query ran longer than the statement timeout and was cancelled (${msg})`, code);
    case '55P03':
      return new LiveError('timeout', `${where}: a lock was not granted within the lock timeout (${msg})`, code);
  }
  if (/does not support SSL|SSL|TLS|certificate|self[- ]signed/i.test(msg)) return new LiveError('tls', `${where}: TLS failed: ${msg} (set sslmode in the URL as the server requires)`, code);
  if (/timeout expired|Connection terminated due to connection timeout|Query read timeout/i.test(msg)) {
    return new LiveError('timeout', `${where}: no answer within the time limit (${msg})`, code);
  }
  if (/Connection terminated/i.test(msg)) return new LiveError('unreachable', `${where}: the server closed the connection (${msg})`, code);
  return new LiveError('query', `${where}: ${msg}`, code);
}
