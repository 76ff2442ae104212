/**
 * graphile-migrate's migration headers and hashes. Follows graphile/migrate:
 * - src/migration.ts `parseMigrationText`: leading lines `--! Key` or `--! Key: value`
 *   (`^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$`), each key once, then (for committed files) an empty
 *   line; the body is the rest, trimmed, plus a newline.
 * - src/migration.ts `getAllMigrations`: committed files need `Previous` (`-` for the first) and
 *   `Hash`; `Message` is optional; `AllowInvalidHash` lets a hash mismatch through; each
 *   `Previous` must equal the previous file's `Hash`.
 * - src/hash.ts `calculateHash`: `"sha1:" + sha1(((previous || "") + "\n" + body.trim()).trim() + "\n")`.
 * - src/header.ts `isNoTransactionDefined`: `--! no-transaction` on the body's first line.
 * - src/migrationFilename.ts: committed names `^([0-9]+)(-[-_a-zA-Z0-9]*)?\.sql$`.
 */
import { cryptoModule } from '../builtins';

interface GraphileHeader {
  key: string;
  value: string | null;
  /** UTF-16 offsets of the header line. */
  start: number;
  end: number;
}

interface GraphileProblem {
  message: string;
  start: number;
  end: number;
}

interface GraphileMigrationText {
  headers: GraphileHeader[];
  /** Offset where the body starts (after the headers and their blank line). */
  bodyStart: number;
  /** The body as graphile-migrate hashes and runs it (trimmed, one trailing newline). */
  body: string;
  /** `--! no-transaction` on the body's first line. */
  noTransaction: boolean;
  problems: GraphileProblem[];
}

const HEADER = /^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$/;
export const GRAPHILE_COMMITTED_NAME = /^([0-9]+)(-[-_a-zA-Z0-9]*)?\.sql$/;

export function parseGraphileMigration(text: string, committed: boolean): GraphileMigrationText {
  const headers: GraphileHeader[] = [];
  const problems: GraphileProblem[] = [];
  let at = 0;
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length; i++) {
    const m = HEADER.exec(lines[i]);
    if (!m) break;
    const start = at;
    const end = at + lines[i].length;
    at = end + 1;
    if (headers.some((h) => h.key === m[1])) problems.push({ message: `header '${m[1]}' is specified more than once`, start, end });
    headers.push({ key: m[1], value: m[2] ? m[2].trim() : null, start, end });
  }
  if (committed && i < lines.length && lines[i] !== '') {
    const end = at + lines[i].length;
    problems.push({
      message: lines[i] === '\r' ? 'the line endings look converted to CRLF (graphile-migrate refuses the file)' : 'there should be two newlines after the headers section',
      start: at,
      end,
    });
  }
  const bodyStart = Math.min(text.length, i < lines.length && lines[i].replace(/\r$/, '') === '' ? at + lines[i].length + 1 : at);
  const body = lines.slice(i).join('\n').trim() + '\n';
  const noTransaction = /^--!\s*no-transaction\b/.test(body.split('\n', 1)[0]);
  if (committed) {
    const get = (k: string) => headers.find((h) => h.key === k);
    if (!get('Previous')?.value) problems.push({ message: "no 'Previous' header (graphile-migrate refuses a committed migration without one)", start: 0, end: lines[0]?.length ?? 0 });
    if (!get('Hash')?.value) problems.push({ message: "no 'Hash' header (graphile-migrate refuses a committed migration without one)", start: 0, end: lines[0]?.length ?? 0 });
  }
  return { headers, bodyStart, body, noTransaction, problems };
}

export function headerValue(m: GraphileMigrationText, key: string): string | null | undefined {
  return m.headers.find((h) => h.key === key)?.value;
}

/** graphile-migrate's calculateHash. */
export function graphileHash(body: string, previousHash: string | null): string {
  return 'sha1:' + cryptoModule().createHash('sha1').update(((previousHash || '') + '\n' + body.trim()).trim() + '\n').digest('hex');
}

interface GraphileChainLink {
  /** File name (`000002-add-users.sql`). */
  name: string;
  text: string;
}

/**
 * Checks committed migrations in order as `graphile-migrate migrate` would: each `Previous` matches
 * the previous `Hash`, and each `Hash` matches the body (unless `AllowInvalidHash`).
 */
export function checkGraphileChain(files: GraphileChainLink[]): Array<GraphileProblem & { name: string }> {
  const out: Array<GraphileProblem & { name: string }> = [];
  let previous: string | null = null;
  for (const f of files) {
    const m = parseGraphileMigration(f.text, true);
    const prevHeader = m.headers.find((h) => h.key === 'Previous');
    const hashHeader = m.headers.find((h) => h.key === 'Hash');
    const declaredPrev = prevHeader?.value && prevHeader.value !== '-' ? prevHeader.value : null;
    if (prevHeader && declaredPrev !== previous) {
      out.push({
        name: f.name,
        message: previous === null ? `'Previous' should be '-': no committed migration comes before this one` : `'Previous' does not match the hash of the migration before (${previous})`,
        start: prevHeader.start,
        end: prevHeader.end,
      });
    }
    if (hashHeader?.value) {
      const actual = graphileHash(m.body, declaredPrev);
      const allowed = m.headers.some((h) => h.key === 'AllowInvalidHash');
      if (actual !== hashHeader.value && !allowed) {
        out.push({ name: f.name, message: `the body no longer matches its 'Hash' (it hashes to ${actual}): the committed migration was edited after it was committed`, start: hashHeader.start, end: hashHeader.end });
      }
      previous = hashHeader.value;
    }
  }
  return out;
}
