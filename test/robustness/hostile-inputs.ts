/** Inputs built to break a lexer, a recursive parser or a size assumption. */
import { FULL } from './corpus';

export interface HostileInput {
  name: string;
  /** Bytes as they would sit on disk; the editor sees them decoded as UTF-8 (invalid bytes become U+FFFD). */
  bytes: Buffer;
  /** A rule the answer must contain: the input is refused or reported, not silently passed. */
  expect?: string;
  /** A rule the answer must not contain (a false error). */
  forbid?: string;
  /** Most findings of a rule the answer may hold. */
  atMost?: Record<string, number>;
}

const MB = 1024 * 1024;
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** `depth` DO blocks, each running the next through EXECUTE with its own dollar-quote tag. */
function nestedDo(depth: number): string {
  let sql = 'CREATE TABLE IF NOT EXISTS deep (id bigint);';
  for (let i = 0; i < depth; i++) sql = `DO $d${i}$ BEGIN EXECUTE $s${i}$${sql}$s${i}$; END $d${i}$;`;
  return sql;
}

const createLines = (bytes: number) => 'CREATE TABLE IF NOT EXISTS t (id bigint);\n'.repeat(Math.ceil(bytes / 42));

export const HOSTILE: HostileInput[] = [
  { name: '20mb', bytes: utf8(createLines(20 * MB)), expect: 'unlintable-file' },
  { name: 'nul-bytes', bytes: utf8('CREATE TABLE t (id bigint);\0\0\0DROP TABLE t;\n'), expect: 'unlintable-file' },
  { name: 'latin1', bytes: Buffer.concat([utf8('CREATE TABLE caf'), Buffer.from([0xe9]), utf8(' (id bigint);\n')]), expect: 'create-table-without-if-not-exists' },
  // Lone continuation bytes, an overlong '/', a BOM-like pair, a multi-byte sequence cut short at the end.
  { name: 'invalid-utf8', bytes: Buffer.concat([utf8("SELECT '"), Buffer.from([0x80, 0xbf, 0xc0, 0xaf, 0xff, 0xfe]), utf8("';\nDROP TABLE x;\n"), Buffer.from([0xe6, 0x97])]), expect: 'drop-table' },
  { name: 'parens-10000', bytes: utf8(`SELECT ${'('.repeat(10_000)}1${')'.repeat(10_000)};`), expect: 'syntax-error' },
  { name: 'unclosed-parens-10000', bytes: utf8(`SELECT ${'('.repeat(10_000)};`), expect: 'syntax-error' },
  { name: 'case-3000', bytes: utf8(`SELECT ${'CASE WHEN true THEN '.repeat(3000)}1${' END'.repeat(3000)};`), expect: 'syntax-error' },
  { name: 'array-5000', bytes: utf8(`SELECT ${'ARRAY['.repeat(5000)}1${']'.repeat(5000)};`), expect: 'syntax-error' },
  // Valid PL/pgSQL 3,000 blocks deep: its tree is walked without recursion now (it was a false syntax-error).
  { name: 'plpgsql-begin-3000', bytes: utf8(`DO $$ ${'BEGIN '.repeat(3000)}NULL; ${'END; '.repeat(3000)}$$;`), forbid: 'syntax-error' },
  { name: 'nested-do-200', bytes: utf8(nestedDo(200)) },
  { name: 'nested-comments-10000', bytes: utf8(`${'/* '.repeat(10_000)}x${' */'.repeat(10_000)}\nDROP TABLE x;`), expect: 'drop-table' },
  { name: 'unterminated-comment', bytes: utf8(`${'/* '.repeat(10_000)}\nDROP TABLE x;`) },
  { name: 'unterminated-dollar-quote', bytes: utf8(`DO $body$ BEGIN ${"'; ".repeat(10_000)}`) },
  { name: 'semicolons-200000', bytes: utf8(';'.repeat(200_000)) },
  { name: 'identifier-1mb', bytes: utf8(`CREATE TABLE IF NOT EXISTS ${'a'.repeat(MB)} (id bigint);`), expect: 'identifier-too-long' },
  { name: 'one-line-1mb', bytes: utf8(`INSERT INTO t VALUES ${'(1),'.repeat(MB / 4)}(1);`) },
  { name: 'statements-20000', bytes: utf8('ALTER TABLE t ADD COLUMN c int;\n'.repeat(20_000)), expect: 'add-column-without-if-not-exists' },
  // Valid SQL nested deeper than the parser's stack: reported as not checked, never as a syntax error.
  { name: 'concat-10000', bytes: utf8(`CREATE TABLE c AS SELECT ${concat(10_000)};\n`), expect: 'unlintable-file', forbid: 'syntax-error' },
  // Deep enough for a recursive walk of ours (it threw a RangeError), shallow enough for the parser.
  { name: 'concat-default-5000', bytes: utf8(`ALTER TABLE t ADD COLUMN IF NOT EXISTS c text DEFAULT ${concat(5_000)};\n`), expect: 'missing-lock-timeout', forbid: 'syntax-error' },
  { name: 'union-5000', bytes: utf8(`INSERT INTO t ${Array(5_000).fill('SELECT 1 WHERE NOT EXISTS (SELECT 1)').join(' UNION ')};\n`), forbid: 'syntax-error' },
  // A suppression comment naming 250,000 rules (quadratic before): one report, in bounded time.
  { name: 'ignore-ids-250000', bytes: utf8(`-- lens-ignore-file ${Array.from({ length: 250_000 }, (_, i) => `r${i}`).join(',')}\nDROP TABLE t;\n`), expect: 'unused-ignore', atMost: { 'unused-ignore': 65 } },
  // Line ends that are CR only: one finding per statement per rule, capped.
  { name: 'cr-only-1mb', bytes: utf8('DROP TABLE t;\r'.repeat(80_000)), expect: 'too-many-findings', atMost: { 'drop-table': 200 } },
];

function concat(terms: number): string {
  return Array(terms).fill("'x'").join(' || ');
}

/** The full run also parses a 20 MB file (maxFileSize raised): seconds and a few hundred MB, but an answer. */
export const HUGE_PARSED = FULL ? utf8(createLines(20 * MB)) : undefined;
