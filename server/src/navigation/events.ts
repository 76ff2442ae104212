/**
 * The schema events of one migration file, for the editor's navigation (definition, references,
 * hover, completion, outline): every name a statement creates, alters, renames, drops or uses,
 * with the exact range of the name's token (not the statement's start). Built from the parsed
 * statements (parse/parser.ts; statement parses are cached by text, so a file is parsed once per
 * content); libpg_query's byte locations become UTF-16 offsets through the file's ByteMap, and
 * names without a location in the AST are found among the statement's tokens (rules/tokens.ts).
 * Names are as PostgreSQL stores them (unquoted folded to lower case); an unqualified name is in
 * `public`, the default search_path's first schema. What a statement inside a function body
 * does happens only when the function is called: such statements give uses, never creations.
 */
import type { AlterTableCmd, ColumnDef, Constraint, DropStmt, Node, RangeVar, RenameStmt, TypeName } from '@pgsql/types';
import { clipBytes, stringValue, unwrap, unwrapAll, walkNodes, type NodeKind, type NodeOf } from '../parse/ast';
import { fitted, MemoSlot, type ParsedFile, type Statement } from '../parse/parser';
import { hasOwnRange } from '../rules/fixes';
import { scanEach } from '../rules/tokens';
import type { EventKind, FileEvents, NameEvent, NameRef, ObjectKind, StatementOutline } from './model';

const DEFAULT_SCHEMA = 'public';

/** The events of every statement of a parsed file, in source order. */
export function fileEvents(file: ParsedFile): FileEvents {
  const events: NameEvent[] = [];
  const statements: StatementOutline[] = [];
  file.statements.forEach((stmt, index) => {
    const placed = statementEvents(file, stmt, index);
    for (const e of placed.events) events.push(e);
    statements.push(placed.outline);
  });
  // A ROLLBACK undoes what came before it in its transaction: which statements it undid is not followed.
  const rollback = file.executed.find((s) => s.kind === 'TransactionStmt' && /ROLLBACK/.test(String(s.node.kind)));
  const dynamic = file.statements.find((s) => s.kind === 'DoStmt' && /\bEXECUTE\b/i.test(file.text.slice(s.start, s.end)));
  const starts = [rollback, dynamic, ...file.syntaxErrors, ...file.unparsed].flatMap((x) => (x ? [x.start] : []));
  return { events, statements, opaque: starts.length > 0, ...(starts.length ? { opaqueFrom: Math.min(...starts) } : {}) };
}

/** A statement's events and outline where it last stood: starting at offset `at`, statement `index` of its file. */
interface PlacedEvents {
  at: number;
  index: number;
  events: readonly NameEvent[];
  outline: StatementOutline;
}

/**
 * Kept with the statement's cached parse (parser.ts): its events are what its text alone
 * decides, so while typing only the edited statement's are built again, the ones after it only
 * moved, and the ones before it are reused as they are.
 */
const placedEvents = new MemoSlot<PlacedEvents>('events');

function statementEvents(file: ParsedFile, stmt: Statement, index: number): PlacedEvents {
  const last = placedEvents.get(stmt);
  if (last && last.at === stmt.start && last.index === index) return last;
  const placed = last ? moved(last, stmt.start, index) : builtEvents(file, stmt, index);
  placedEvents.set(stmt, placed);
  return placed;
}

function builtEvents(file: ParsedFile, stmt: Statement, index: number): PlacedEvents {
  const own: NameEvent[] = [];
  try {
    collect(file, stmt, index, own, undefined);
    for (const inner of stmt.nested) if (hasOwnRange(inner)) collect(file, inner, index, own, stmt.kind === 'DoStmt' ? 'do' : 'function');
  } catch {
    // An AST shape not foreseen: this statement gives the events found so far rather than none for the file.
  }
  // Mostly found in source order already, and V8's sort copies the array whatever its order (into
  // its work array and back: third_party/v8/builtins/array-sort.tq).
  if (own.some((e, i) => i > 0 && e.start < own[i - 1].start)) own.sort((a, b) => a.start - b.start);
  // One event per token (a name reached by two paths of the AST counts once).
  const repeated = (e: NameEvent, i: number) => i > 0 && e.start === own[i - 1].start && e.event === own[i - 1].event;
  const events = fitted(own.some(repeated) ? own.filter((e, i) => !repeated(e, i)) : own);
  // One literal with every field: properties added to an object after it is made go to a separate store.
  return { at: stmt.start, index, events, outline: outlineOf(stmt, own) };
}

/** The same statement's events at another place (its text moved, or statements before it came or went). */
function moved(last: PlacedEvents, at: number, index: number): PlacedEvents {
  const by = at - last.at;
  const o = last.outline;
  return {
    at,
    index,
    events: last.events.map((e) => ({ ...e, start: e.start + by, end: e.end + by, stmt: index })),
    outline: { ...o, start: o.start + by, end: o.end + by, nameStart: o.nameStart + by, nameEnd: o.nameEnd + by },
  };
}

/** Kinds whose creation is not a statement's main object when it creates another (a table's columns). */
const MEMBER_KINDS: ReadonlySet<ObjectKind> = new Set(['column', 'constraint', 'enum value']);

/**
 * The main object of a statement: the first creation, else the first rename/drop/alter, else the
 * first use. Its display label is not made here: only the outline shows it (outlineLabel), and
 * a first open builds every statement's outline.
 */
function outlineOf(stmt: Statement, own: NameEvent[]): StatementOutline {
  // One pass keeping the first event of the best rank (1: a creation of an object, 2: a rename, drop
  // or alter, 3: a creation of a member, 4: a use not guessed): no filtered copy and four searches
  // per statement, nor a list of member kinds made for each event.
  let main: NameEvent | undefined;
  let rank = 5;
  for (const e of own) {
    if (e.nested) continue;
    const r = e.event === 'create' ? (MEMBER_KINDS.has(e.target.kind) ? 3 : 1) : e.event !== 'use' ? 2 : e.soft ? 5 : 4;
    if (r >= rank) continue;
    main = e;
    rank = r;
    if (r === 1) break;
  }
  return { start: stmt.start, end: stmt.end, statement: stmt.kind, kind: main?.target.kind, nameStart: main?.start ?? stmt.start, nameEnd: main?.end ?? stmt.start };
}

/** `CREATE TABLE IF NOT EXISTS public.users`: the statement up to its main name (else its first line), on one line. */
export function outlineLabel(text: string, o: StatementOutline): string {
  // An outline with a main object has its kind, and its name ends at nameEnd.
  const headEnd = o.kind !== undefined && o.nameEnd <= o.end ? o.nameEnd + (text[o.nameEnd] === '"' || text[o.nameEnd] === "'" ? 1 : 0) : firstLineEnd(text, o);
  let label = text.slice(o.start, headEnd).replace(/\s+/g, ' ').trim();
  if (label.length > 80) label = `${label.slice(0, 79)}…`;
  return label || o.statement;
}

function firstLineEnd(text: string, range: { start: number; end: number }): number {
  const nl = text.indexOf('\n', range.start);
  return nl < 0 || nl > range.end ? range.end : nl;
}

/** A token's name as PostgreSQL reads it: a quoted identifier unquoted, a bare one folded (ASCII) to lower case. */
export function tokenName(text: string, t: { start: number; end: number }): string {
  const raw = text.slice(t.start, t.end);
  if (raw.startsWith('"')) return raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined).replace(/""/g, '"');
  return raw.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** The value of a string literal token at `start..end` and the range of its content. */
function stringToken(text: string, start: number, end: number): { value: string; start: number; end: number } | undefined {
  if (text.charCodeAt(start) !== 39 /* ' */) return undefined;
  const raw = text.slice(start, end);
  const closed = raw.length > 1 && raw.endsWith("'");
  return { value: raw.slice(1, closed ? -1 : undefined).replace(/''/g, "'"), start: start + 1, end: closed ? end - 1 : end };
}

/** The token at `start` is a name: it starts with a letter, `_`, `"` or a non-ASCII character (code unit 0x80 and up). */
function isIdentToken(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 34 || c >= 0x80;
}

/** tokenName(text, token) === name, without making the token's name for a bare token (compared folding ASCII A–Z as tokenName does). */
function tokenIs(text: string, start: number, end: number, name: string): boolean {
  if (text.charCodeAt(start) === 34 /* " */) return tokenName(text, { start, end }) === name;
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    let c = text.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== name.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Whether a token is long enough to hold `name`, told before its name is built: a bare name is as
 * long as its token, a quoted one at most its token without the opening quote (`""` stands for
 * one character). Most tokens a search passes over are not the name.
 */
function mayName(text: string, start: number, end: number, name: string): boolean {
  const length = end - start;
  return text.charCodeAt(start) === 34 /* " */ ? length - 1 >= name.length : length === name.length;
}

/**
 * The token ranges of the statement being collected, in two buffers that every Finder reuses:
 * statements are collected one at a time, and a first open collects every statement of the file
 * (two arrays per statement were a tenth of that open's allocation).
 */
let tokenStarts: Int32Array = new Int32Array(1024);
let tokenEnds: Int32Array = new Int32Array(1024);

/**
 * Finds name tokens inside one statement: from an AST location, or after a cursor that moves on.
 * Valid only until the next Finder is made (its tokens are in the shared buffers above).
 */
class Finder {
  private readonly count: number;
  private cursor = 0;

  constructor(
    readonly file: ParsedFile,
    readonly stmt: Statement,
  ) {
    let n = 0;
    scanEach(file.text, stmt.start, stmt.end, (start, end) => {
      if (n === tokenStarts.length) {
        tokenStarts = grown(tokenStarts);
        tokenEnds = grown(tokenEnds);
      }
      tokenStarts[n] = start;
      tokenEnds[n++] = end;
    });
    this.count = n;
  }

  offsetOf(location: number | undefined): number | undefined {
    return typeof location === 'number' && location >= 0 ? this.file.bytes.toUtf16(this.stmt.locBase + location) : undefined;
  }

  /** Index of the first token at or after an offset. */
  private indexAt(offset: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokenStarts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first identifier token equal to `name` at or after `from` (an offset) or the cursor; moves the cursor past it. */
  ident(name: string | undefined, from?: number): { start: number; end: number } | undefined {
    if (!name) return undefined;
    const i0 = from !== undefined ? this.indexAt(from) : this.cursor;
    const text = this.file.text;
    // The parser keeps the first 63 bytes of a longer name, with a NOTICE (scansup.c,
    // truncate_identifier): a name of 63 bytes may have been cut from a longer token. It is at
    // least 21 UTF-16 units (3 bytes each at most), so most names skip the byte count.
    const cut = name.length >= 21 && Buffer.byteLength(name, 'utf8') === 63;
    for (let i = i0; i < this.count; i++) {
      const start = tokenStarts[i];
      const end = tokenEnds[i];
      if (!(cut ? end - start >= name.length : mayName(text, start, end, name)) || !isIdentToken(text, start)) continue;
      // A name cut to 63 bytes matches a token whose first 63 bytes it is (the token itself included).
      if (cut ? clipBytes(tokenName(text, { start, end }), 63) === name : tokenIs(text, start, end, name)) {
        this.cursor = i + 1;
        return { start, end };
      }
    }
    return undefined;
  }

  /** The last part of a qualified name (`s.t` → the `t` token), searched as `ident` does. */
  qualified(parts: string[], from?: number): { start: number; end: number } | undefined {
    if (parts.length > 1) {
      const first = this.ident(parts[0], from);
      if (!first) return undefined;
      let at = first;
      for (const p of parts.slice(1)) {
        const next = this.ident(p);
        if (!next) return undefined;
        at = next;
      }
      return at;
    }
    return this.ident(parts[0], from);
  }

  /** The first string literal equal to `value` at or after the cursor; moves the cursor past it. */
  literal(value: string | undefined): { start: number; end: number } | undefined {
    if (value === undefined) return undefined;
    for (let i = this.cursor; i < this.count; i++) {
      const s = stringToken(this.file.text, tokenStarts[i], tokenEnds[i]);
      if (s && s.value === value) {
        this.cursor = i + 1;
        return { start: s.start, end: s.end };
      }
    }
    return undefined;
  }

  seek(offset: number | undefined): void {
    if (offset !== undefined) this.cursor = this.indexAt(offset);
  }
}

/** A copy twice as long (UTF-16 offsets fit in 32 bits: files are at most a few MB). */
function grown(buffer: Int32Array): Int32Array {
  const out = new Int32Array(buffer.length * 2);
  out.set(buffer);
  return out;
}

/** The non-empty names of a list of String nodes, in one array (the event builder asks this of every name). */
function names(list: Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of list ?? []) {
    const s = stringValue(n);
    if (s) out.push(s);
  }
  return out;
}

/** A schema-level name from its parts (`[schema, name]` or `[name]`). */
function schemaLevel(kind: ObjectKind, parts: string[]): NameRef | undefined {
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : DEFAULT_SCHEMA;
  return nameRef(kind, schema, name, undefined);
}

/**
 * Every name with all four fields, in one literal: the timeline reads them for each event, and a
 * schema's name without `schema` and `parent` or a column's without `schema` gave names of
 * several shapes, which it then read polymorphically.
 */
function nameRef(kind: ObjectKind, schema: string | undefined, name: string, parent: NameRef | undefined): NameRef {
  return { kind, schema, name, parent };
}

function relationRef(rv: RangeVar | undefined, kind: ObjectKind = 'table'): NameRef | undefined {
  return rv?.relname ? nameRef(kind, rv.schemaname ?? DEFAULT_SCHEMA, rv.relname, undefined) : undefined;
}

/** A RangeVar's name as written: `[schema, name]` or `[name]`. */
function relationParts(rv: RangeVar): string[] {
  return rv.schemaname ? [rv.schemaname, rv.relname ?? ''] : [rv.relname ?? ''];
}

function memberRef(kind: ObjectKind, parent: NameRef | undefined, name: string | undefined): NameRef | undefined {
  return parent && name ? nameRef(kind, undefined, name, parent) : undefined;
}

const TYPE_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  varchar: 'varchar',
  timestamptz: 'timestamptz',
  timestamp: 'timestamp',
  timetz: 'timetz',
  numeric: 'numeric',
};

/** A TypeName as text: `bigint`, `varchar(20)`, `app.status[]`. */
export function typeText(t: TypeName | undefined): string {
  if (!t) return '';
  const parts = names(t.names);
  const builtin = parts[0] === 'pg_catalog';
  const last = parts[parts.length - 1] ?? '';
  let out = builtin ? (TYPE_NAMES[last] ?? last) : parts.length > 1 && parts[0] === DEFAULT_SCHEMA ? parts.slice(1).join('.') : parts.join('.');
  // Most types have no modifiers: no arrays are made for them (every column's type is written on every first open).
  if (t.typmods?.length) {
    const mods = t.typmods.map((m) => unwrap(m, 'A_Const')).map((c) => c?.ival?.ival ?? c?.sval?.sval).filter((m) => m !== undefined);
    if (mods.length) out += `(${mods.join(',')})`;
  }
  if (t.arrayBounds?.length) out += '[]'.repeat(t.arrayBounds.length);
  if (t.setof) out = `SETOF ${out}`;
  return out;
}

/** The extra of a soft use, shared (push copies an extra's fields into the event). */
const SOFT: Partial<NameEvent> = { soft: true };

type Push = (event: EventKind, target: NameRef | undefined, at: { start: number; end: number } | undefined, extra?: Partial<NameEvent>) => void;

function collect(file: ParsedFile, stmt: Statement, index: number, out: NameEvent[], nested: 'do' | 'function' | undefined): void {
  const f = new Finder(file, stmt);
  const push: Push = (event, target, at, extra) => {
    if (!target || !at) return;
    // A statement in a function body runs when the function is called: it only uses names.
    if (nested === 'function' && event !== 'use') event = 'use';
    // Every field in one literal: fields added after it is made went to a store of their own, and
    // gave events of a dozen shapes, which the timeline and the rules then read polymorphically.
    out.push({ event, target, start: at.start, end: at.end, stmt: index, newName: extra?.newName, conditional: extra?.conditional, soft: extra?.soft, nested, attrs: extra?.attrs });
  };
  const rel = (rv: RangeVar | undefined, event: EventKind, kind: ObjectKind = 'table', extra?: Partial<NameEvent>): NameRef | undefined => {
    const ref = relationRef(rv, kind);
    if (!ref || !rv) return undefined;
    const at = f.qualified(relationParts(rv), f.offsetOf(rv.location));
    push(event, ref, at, extra);
    return ref;
  };
  /** RangeVars and column references not handled by the statement's own case. */
  const handled = new Set<unknown>();
  const generic = (root: unknown, target?: RangeVar) => {
    const ref = target && relationRef(target);
    genericUses(f, root, push, handled, ref ? { ref, alias: target?.alias?.aliasname } : undefined);
  };
  /** INSERT's column list and UPDATE's SET list: uses of the target table and of its named columns. */
  const targetColumns = (relation: RangeVar | undefined, targets: Node[] | undefined) => {
    const table = rel(relation, 'use');
    handled.add(relation);
    for (const rt of unwrapAll(targets, 'ResTarget')) {
      if (rt.name) push('use', memberRef('column', table, rt.name), f.ident(rt.name, f.offsetOf(rt.location)));
    }
  };

  // Destructured, the node narrows with the kind in each case.
  const { kind: nodeKind, node: n } = stmt;
  switch (nodeKind) {
    case 'CreateSchemaStmt': {
      // `CREATE SCHEMA AUTHORIZATION role` names the schema after the role.
      const name = n.schemaname ?? n.authrole?.rolename;
      push('create', name ? nameRef('schema', undefined, name, undefined) : undefined, f.ident(name), { conditional: !!n.if_not_exists });
      for (const e of n.schemaElts ?? []) generic(e);
      return;
    }
    case 'CreateStmt': {
      const temp = n.relation?.relpersistence === 't';
      const open = temp || !!n.if_not_exists || !!n.inhRelations?.length || !!n.ofTypename || !!n.partbound || (n.tableElts ?? []).some((e) => unwrap(e, 'TableLikeClause'));
      const table = rel(n.relation, 'create', 'table', { conditional: !!n.if_not_exists, ...(open ? { attrs: { openColumns: true, ...(temp ? { temp } : {}) } } : {}) });
      handled.add(n.relation);
      for (const p of unwrapAll(n.inhRelations, 'RangeVar')) {
        rel(p, 'use');
        handled.add(p);
      }
      for (const el of n.tableElts ?? []) {
        const def = unwrap(el, 'ColumnDef');
        const con = unwrap(el, 'Constraint');
        if (def) columnDef(f, push, table, def, 'create', handled);
        else if (con) constraint(f, push, table, con, 'create', handled);
      }
      if (n.partbound === undefined) generic(n.partspec);
      return;
    }
    case 'CreateTableAsStmt': {
      const kind: ObjectKind = n.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
      rel(n.into?.rel, 'create', kind, { conditional: !!n.if_not_exists, attrs: { openColumns: true, ...(n.into?.rel?.relpersistence === 't' ? { temp: true } : {}) } });
      handled.add(n.into?.rel);
      generic(n.query);
      return;
    }
    case 'ViewStmt': {
      rel(n.view, 'create', 'view');
      handled.add(n.view);
      generic(n.query);
      return;
    }
    case 'CreateSeqStmt': {
      rel(n.sequence, 'create', 'sequence', { conditional: !!n.if_not_exists });
      handled.add(n.sequence);
      return;
    }
    case 'AlterSeqStmt': {
      rel(n.sequence, 'alter', 'sequence');
      handled.add(n.sequence);
      return;
    }
    case 'IndexStmt': {
      const table = relationRef(n.relation);
      if (n.idxname) {
        const schema = n.relation?.schemaname ?? DEFAULT_SCHEMA;
        push('create', nameRef('index', schema, n.idxname, table), f.ident(n.idxname, stmt.start), { conditional: !!n.if_not_exists });
      }
      rel(n.relation, 'use');
      handled.add(n.relation);
      for (const p of n.indexParams ?? []) {
        const el = unwrap(p, 'IndexElem');
        if (el?.name) push('use', memberRef('column', table, el.name), f.ident(el.name));
        else if (el?.expr) columnUsesOf(f, push, table, el.expr, handled);
      }
      for (const p of n.indexIncludingParams ?? []) {
        const el = unwrap(p, 'IndexElem');
        if (el?.name) push('use', memberRef('column', table, el.name), f.ident(el.name));
      }
      if (n.whereClause) columnUsesOf(f, push, table, n.whereClause, handled);
      return;
    }
    case 'AlterTableStmt': {
      const kind: ObjectKind = n.objtype === 'OBJECT_INDEX' ? 'index' : n.objtype === 'OBJECT_VIEW' ? 'view' : n.objtype === 'OBJECT_SEQUENCE' ? 'sequence' : n.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
      const table = rel(n.relation, 'alter', kind, { conditional: !!n.missing_ok, attrs: { change: 'ALTER' } });
      handled.add(n.relation);
      for (const c of n.cmds ?? []) alterCommand(f, push, table, unwrap(c, 'AlterTableCmd'), handled);
      generic(n);
      return;
    }
    case 'RenameStmt':
      rename(f, push, n, stmt);
      handled.add(n.relation);
      return;
    case 'DropStmt':
      drop(f, push, n, stmt);
      return;
    case 'CreateEnumStmt': {
      const parts = names(n.typeName);
      const type = schemaLevel('type', parts);
      const vals = names(n.vals);
      push('create', type, f.qualified(parts, stmt.start), { attrs: { values: vals } });
      for (const v of vals) push('create', memberRef('enum value', type, v), f.literal(v));
      return;
    }
    case 'AlterEnumStmt': {
      const parts = names(n.typeName);
      const type = schemaLevel('type', parts);
      push('alter', type, f.qualified(parts, stmt.start));
      if (n.oldVal) {
        const at = f.literal(n.oldVal);
        push('rename', memberRef('enum value', type, n.oldVal), at, { newName: n.newVal });
        push('alter', memberRef('enum value', type, n.newVal), f.literal(n.newVal));
        return;
      }
      const placed = n.newValNeighbor ? (n.newValIsAfter ? { after: n.newValNeighbor } : { before: n.newValNeighbor }) : undefined;
      push('create', memberRef('enum value', type, n.newVal), f.literal(n.newVal), { conditional: !!n.skipIfNewValExists, ...(placed ? { attrs: placed } : {}) });
      if (n.newValNeighbor) push('use', memberRef('enum value', type, n.newValNeighbor), f.literal(n.newValNeighbor));
      return;
    }
    case 'CreateDomainStmt': {
      const parts = names(n.domainname);
      push('create', schemaLevel('type', parts), f.qualified(parts, stmt.start), { attrs: { type: typeText(n.typeName) } });
      useType(f, push, n.typeName);
      return;
    }
    case 'CompositeTypeStmt': {
      rel(n.typevar, 'create', 'type');
      handled.add(n.typevar);
      for (const el of unwrapAll(n.coldeflist, 'ColumnDef')) useType(f, push, el.typeName);
      return;
    }
    case 'CreateRangeStmt': {
      const parts = names(n.typeName);
      push('create', schemaLevel('type', parts), f.qualified(parts, stmt.start));
      return;
    }
    case 'CreateFunctionStmt': {
      const parts = names(n.funcname);
      const fn = schemaLevel(n.is_procedure ? 'function' : 'function', parts);
      const params = unwrapAll(n.parameters, 'FunctionParameter');
      const sig = `(${params
        .filter((p) => p.mode !== 'FUNC_PARAM_TABLE')
        .map((p) => [p.mode === 'FUNC_PARAM_OUT' ? 'OUT' : p.mode === 'FUNC_PARAM_INOUT' ? 'INOUT' : '', p.name ?? '', typeText(p.argType)].filter(Boolean).join(' '))
        .join(', ')})${n.returnType ? ` RETURNS ${typeText(n.returnType)}` : ''}`;
      push('create', fn, f.qualified(parts, stmt.start), { conditional: !!n.replace, attrs: { signature: sig } });
      for (const p of params) useType(f, push, p.argType);
      if (n.returnType) useType(f, push, n.returnType);
      return;
    }
    case 'AlterFunctionStmt': {
      const parts = names(n.func?.objname);
      push('alter', schemaLevel('function', parts), f.qualified(parts, stmt.start));
      return;
    }
    case 'CreateTrigStmt': {
      const table = relationRef(n.relation);
      push('create', memberRef('trigger', table, n.trigname), f.ident(n.trigname, stmt.start), { conditional: !!n.replace });
      rel(n.relation, 'use');
      handled.add(n.relation);
      const fn = names(n.funcname);
      f.seek(f.offsetOf(n.relation?.location));
      push('use', schemaLevel('function', fn), f.qualified(fn));
      generic(n.whenClause);
      return;
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const table = relationRef(n.table);
      push(nodeKind === 'CreatePolicyStmt' ? 'create' : 'alter', memberRef('policy', table, n.policy_name), f.ident(n.policy_name, stmt.start));
      rel(n.table, 'use');
      handled.add(n.table);
      columnUsesOf(f, push, table, n.qual, handled);
      columnUsesOf(f, push, table, n.with_check, handled);
      return;
    }
    case 'CommentStmt': {
      const list = unwrap(n.object, 'List');
      const parts = list ? names(list.items) : [stringValue(n.object)].filter((s): s is string => !!s);
      if (n.objtype === 'OBJECT_COLUMN' && parts.length >= 2) {
        const table = schemaLevel('table', parts.slice(0, -1));
        const at = f.qualified(parts.slice(0, -1), stmt.start);
        push('use', table, at);
        push('use', memberRef('column', table, parts[parts.length - 1]), f.ident(parts[parts.length - 1]));
      } else if (n.objtype === 'OBJECT_TABLE' || n.objtype === 'OBJECT_VIEW') push('use', schemaLevel(n.objtype === 'OBJECT_VIEW' ? 'view' : 'table', parts), f.qualified(parts, stmt.start));
      else if (n.objtype === 'OBJECT_TYPE') {
        const type = names(unwrap(n.object, 'TypeName')?.names);
        push('use', schemaLevel('type', type), f.qualified(type, stmt.start));
      }
      else if (n.objtype === 'OBJECT_SCHEMA') push('use', parts[0] ? nameRef('schema', undefined, parts[0], undefined) : undefined, f.ident(parts[0], stmt.start));
      return;
    }
    case 'InsertStmt': {
      targetColumns(n.relation, n.cols);
      generic(n.selectStmt);
      generic(n.onConflictClause, n.relation);
      generic(n.returningClause, n.relation);
      return;
    }
    case 'UpdateStmt': {
      targetColumns(n.relation, n.targetList);
      // With a FROM list, a bare column could be of any of its tables: only alias-qualified ones are placed.
      const target = n.fromClause?.length ? undefined : n.relation;
      generic({ targets: n.targetList, from: n.fromClause, where: n.whereClause, returning: n.returningClause }, target);
      return;
    }
    case 'DeleteStmt': {
      rel(n.relation, 'use');
      handled.add(n.relation);
      const target = n.usingClause?.length ? undefined : n.relation;
      generic({ using: n.usingClause, where: n.whereClause, returning: n.returningClause }, target);
      return;
    }
    default:
      generic(n);
  }
}

function columnDef(f: Finder, push: Push, table: NameRef | undefined, def: ColumnDef, event: EventKind, handled: Set<unknown>, extra?: Partial<NameEvent>): void {
  const constraints = unwrapAll(def.constraints, 'Constraint');
  const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
  const column = memberRef('column', table, def.colname);
  push(event, column, f.ident(def.colname, f.offsetOf(def.location)), { ...extra, attrs: { type: typeText(def.typeName), notNull } });
  useType(f, push, def.typeName);
  for (const c of constraints) {
    if (c.conname) push('create', memberRef('constraint', table, c.conname), f.ident(c.conname, f.offsetOf(c.location)));
    if (c.contype === 'CONSTR_FOREIGN') foreignKey(f, push, c, handled);
    else if (c.contype === 'CONSTR_CHECK' || c.contype === 'CONSTR_DEFAULT' || c.contype === 'CONSTR_GENERATED') columnUsesOf(f, push, table, c.raw_expr, handled);
  }
}

function constraint(f: Finder, push: Push, table: NameRef | undefined, c: Constraint, event: EventKind, handled: Set<unknown>): void {
  const at = f.offsetOf(c.location);
  if (c.conname) push(event, memberRef('constraint', table, c.conname), f.ident(c.conname, at));
  else f.seek(at);
  for (const k of names(c.keys)) push('use', memberRef('column', table, k), f.ident(k));
  for (const k of names(c.including)) push('use', memberRef('column', table, k), f.ident(k));
  for (const k of names(c.fk_attrs)) push('use', memberRef('column', table, k), f.ident(k));
  for (const ex of c.exclusions ?? []) {
    const el = unwrap(unwrap(ex, 'List')?.items?.[0], 'IndexElem');
    if (el?.name) push('use', memberRef('column', table, el.name), f.ident(el.name));
  }
  if (c.contype === 'CONSTR_FOREIGN') foreignKey(f, push, c, handled);
  else if (c.raw_expr) columnUsesOf(f, push, table, c.raw_expr, handled);
}

function foreignKey(f: Finder, push: Push, c: Constraint, handled: Set<unknown>): void {
  const rv = c.pktable;
  const ref = relationRef(rv);
  if (!ref || !rv) return;
  handled.add(rv);
  push('use', ref, f.qualified(relationParts(rv), f.offsetOf(rv.location)));
  for (const k of names(c.pk_attrs)) push('use', memberRef('column', ref, k), f.ident(k));
}

/** A use of the user type a TypeName names (builtins and pg_catalog are left out). */
function useType(f: Finder, push: Push, t: TypeName | undefined): void {
  if (!t) return;
  const parts = names(t.names);
  if (parts.length === 0 || parts[0] === 'pg_catalog') return;
  // Only a type the timeline knows counts (integer, text… are not migrations' objects).
  push('use', schemaLevel('type', parts), f.qualified(parts, f.offsetOf(t.location)), SOFT);
}

function alterCommand(f: Finder, push: Push, table: NameRef | undefined, cmd: AlterTableCmd | undefined, handled: Set<unknown>): void {
  if (!cmd) return;
  const col = (name: string | undefined) => memberRef('column', table, name);
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const def = unwrap(cmd.def, 'ColumnDef');
      if (def) columnDef(f, push, table, def, 'create', handled, { conditional: !!cmd.missing_ok });
      return;
    }
    case 'AT_DropColumn':
      push('drop', col(cmd.name), f.ident(cmd.name), { conditional: !!cmd.missing_ok });
      return;
    case 'AT_AlterColumnType': {
      const def = unwrap(cmd.def, 'ColumnDef');
      push('alter', col(cmd.name), f.ident(cmd.name), { attrs: { type: typeText(def?.typeName), change: `TYPE ${typeText(def?.typeName)}` } });
      if (def) useType(f, push, def.typeName);
      if (def?.raw_default) columnUsesOf(f, push, table, def.raw_default, handled);
      return;
    }
    case 'AT_SetNotNull':
      push('alter', col(cmd.name), f.ident(cmd.name), { attrs: { notNull: true, change: 'SET NOT NULL' } });
      return;
    case 'AT_DropNotNull':
      push('alter', col(cmd.name), f.ident(cmd.name), { attrs: { notNull: false, change: 'DROP NOT NULL' } });
      return;
    case 'AT_ColumnDefault':
      push('alter', col(cmd.name), f.ident(cmd.name), { attrs: { change: cmd.def ? 'SET DEFAULT' : 'DROP DEFAULT' } });
      return;
    case 'AT_SetStatistics':
    case 'AT_SetStorage':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
    case 'AT_AddIdentity':
    case 'AT_DropIdentity':
    case 'AT_SetIdentity':
    case 'AT_DropExpression':
      if (cmd.name) push('alter', col(cmd.name), f.ident(cmd.name), { attrs: { change: cmd.subtype.replace(/^AT_/, '') } });
      return;
    case 'AT_AddConstraint': {
      const c = unwrap(cmd.def, 'Constraint');
      if (c) constraint(f, push, table, c, 'create', handled);
      return;
    }
    case 'AT_DropConstraint':
      push('drop', memberRef('constraint', table, cmd.name), f.ident(cmd.name), { conditional: !!cmd.missing_ok });
      return;
    case 'AT_ValidateConstraint':
      push('alter', memberRef('constraint', table, cmd.name), f.ident(cmd.name), { attrs: { change: 'VALIDATE' } });
      return;
    case 'AT_EnableTrig':
    case 'AT_DisableTrig':
    case 'AT_EnableAlwaysTrig':
    case 'AT_EnableReplicaTrig':
      if (cmd.name) push('alter', memberRef('trigger', table, cmd.name), f.ident(cmd.name));
      return;
    default:
  }
}

function rename(f: Finder, push: Push, n: RenameStmt, stmt: Statement): void {
  const rv = n.relation;
  const table = relationRef(rv);
  const relAt = () => (rv ? f.qualified(relationParts(rv), f.offsetOf(rv.location)) : undefined);
  const newName = n.newname ?? '';
  switch (n.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_INDEX':
    case 'OBJECT_FOREIGN_TABLE': {
      const kind: ObjectKind = n.renameType === 'OBJECT_VIEW' ? 'view' : n.renameType === 'OBJECT_SEQUENCE' ? 'sequence' : n.renameType === 'OBJECT_INDEX' ? 'index' : n.renameType === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
      const ref = relationRef(rv, kind);
      push('rename', ref, relAt(), { newName: n.newname, conditional: !!n.missing_ok });
      push('alter', ref && nameRef(ref.kind, ref.schema, newName, ref.parent), f.ident(n.newname));
      return;
    }
    case 'OBJECT_COLUMN':
    case 'OBJECT_TABCONSTRAINT':
    case 'OBJECT_TRIGGER':
    case 'OBJECT_POLICY': {
      const kind: ObjectKind = n.renameType === 'OBJECT_COLUMN' ? 'column' : n.renameType === 'OBJECT_TABCONSTRAINT' ? 'constraint' : n.renameType === 'OBJECT_TRIGGER' ? 'trigger' : 'policy';
      // `ALTER TABLE t RENAME COLUMN a`: the table comes first; `ALTER TRIGGER a ON t`: the member does.
      const memberFirst = kind === 'trigger' || kind === 'policy';
      const memberAt = memberFirst ? f.ident(n.subname, stmt.start) : undefined;
      push('use', table, relAt());
      const at = memberFirst ? memberAt : f.ident(n.subname);
      push('rename', memberRef(kind, table, n.subname), at, { newName: n.newname });
      push('alter', memberRef(kind, table, n.newname), f.ident(n.newname));
      return;
    }
    case 'OBJECT_SCHEMA': {
      push('rename', nameRef('schema', undefined, n.subname ?? '', undefined), f.ident(n.subname, stmt.start), { newName: n.newname });
      push('alter', nameRef('schema', undefined, newName, undefined), f.ident(n.newname));
      return;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const parts = names(unwrap(n.object, 'List')?.items ?? unwrap(n.object, 'TypeName')?.names);
      const ref = schemaLevel('type', parts);
      push('rename', ref, f.qualified(parts, stmt.start), { newName: n.newname });
      push('alter', ref && nameRef(ref.kind, ref.schema, newName, ref.parent), f.ident(n.newname));
      return;
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE': {
      const parts = names(unwrap(n.object, 'ObjectWithArgs')?.objname);
      const ref = schemaLevel('function', parts);
      push('rename', ref, f.qualified(parts, stmt.start), { newName: n.newname });
      push('alter', ref && nameRef(ref.kind, ref.schema, newName, ref.parent), f.ident(n.newname));
      return;
    }
    default:
  }
}

function drop(f: Finder, push: Push, n: DropStmt, stmt: Statement): void {
  f.seek(stmt.start);
  const conditional = !!n.missing_ok;
  const relKind: Record<string, ObjectKind> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view', OBJECT_SEQUENCE: 'sequence', OBJECT_INDEX: 'index', OBJECT_FOREIGN_TABLE: 'table' };
  for (const o of n.objects ?? []) {
    const kind = relKind[n.removeType ?? ''];
    if (kind) {
      const parts = names(unwrap(o, 'List')?.items);
      push('drop', schemaLevel(kind, parts), f.qualified(parts), { conditional });
    } else if (n.removeType === 'OBJECT_TYPE' || n.removeType === 'OBJECT_DOMAIN') {
      const parts = names(unwrap(o, 'TypeName')?.names);
      push('drop', schemaLevel('type', parts), f.qualified(parts), { conditional });
    } else if (n.removeType === 'OBJECT_FUNCTION' || n.removeType === 'OBJECT_PROCEDURE') {
      const parts = names(unwrap(o, 'ObjectWithArgs')?.objname);
      push('drop', schemaLevel('function', parts), f.qualified(parts), { conditional });
    } else if (n.removeType === 'OBJECT_SCHEMA') {
      const name = stringValue(o);
      push('drop', name ? nameRef('schema', undefined, name, undefined) : undefined, f.ident(name), { conditional });
    } else if (n.removeType === 'OBJECT_TRIGGER' || n.removeType === 'OBJECT_POLICY') {
      const parts = names(unwrap(o, 'List')?.items);
      const member = parts[parts.length - 1];
      const table = schemaLevel('table', parts.slice(0, -1));
      const at = f.ident(member);
      push('drop', memberRef(n.removeType === 'OBJECT_TRIGGER' ? 'trigger' : 'policy', table, member), at, { conditional });
      push('use', table, f.qualified(parts.slice(0, -1)));
    }
  }
}

/** Column references of an expression that belongs to one table (a CHECK, an index expression, a policy). */
function columnUsesOf(f: Finder, push: Push, table: NameRef | undefined, root: unknown, handled: Set<unknown>): void {
  if (!root) return;
  walk(root, (key, node) => {
    if (key === 'ColumnRef') {
      handled.add(node);
      const parts = names(node.fields);
      if (parts.length === 1) push('use', memberRef('column', table, parts[0]), f.ident(parts[0], f.offsetOf(node.location)), SOFT);
    }
  });
}

/**
 * Uses in any other statement (a SELECT, a view's query, DELETE, the rest of an UPDATE): each
 * table named, and each column whose table can be told: `alias.column`, or a bare column when
 * one table is in scope. Such column uses are soft: a column the timeline does not know (an
 * output name, a CTE's column) is no reference.
 */
function genericUses(f: Finder, root: unknown, push: Push, handled: Set<unknown>, target?: { ref: NameRef; alias?: string }): void {
  if (!root) return;
  const tables: { ref: NameRef; alias?: string }[] = target ? [target] : [];
  // One walk gathers what the passes below read, in source order. Most statements name no CTE:
  // the set is made at the first (this runs for most statements of a first open).
  let ctes: Set<string> | undefined;
  const rangeVars: RangeVar[] = [];
  const rest: Extract<Keyed, ['FuncCall' | 'TypeCast' | 'ColumnRef', unknown]>[] = [];
  walk(root, (key, node) => {
    if (key === 'CommonTableExpr' && node.ctename) (ctes ??= new Set()).add(node.ctename);
    else if (key === 'RangeVar') rangeVars.push(node);
    else if (key === 'FuncCall' || key === 'TypeCast' || key === 'ColumnRef') rest.push([key, node] as Extract<Keyed, ['FuncCall' | 'TypeCast' | 'ColumnRef', unknown]>);
  });
  for (const node of rangeVars) {
    if (handled.has(node)) continue;
    handled.add(node);
    if (!node.schemaname && ctes?.has(node.relname ?? '')) continue;
    const ref = relationRef(node);
    if (!ref) continue;
    tables.push({ ref, alias: node.alias?.aliasname });
    push('use', ref, f.qualified(relationParts(node), f.offsetOf(node.location)));
  }
  for (const [key, node] of rest) {
    if (key === 'FuncCall') {
      const parts = names(node.funcname);
      if (parts[0] !== 'pg_catalog') push('use', schemaLevel('function', parts), f.qualified(parts, f.offsetOf(node.location)), SOFT);
      continue;
    }
    if (key === 'TypeCast') {
      useType(f, push, node.typeName);
      continue;
    }
    if (handled.has(node)) continue;
    const parts = names(node.fields);
    let table: NameRef | undefined;
    let column: string | undefined;
    if (parts.length === 1 && tables.length === 1) {
      table = tables[0].ref;
      column = parts[0];
    } else if (parts.length === 2) {
      table = tables.find((t) => t.alias === parts[0] || (!t.alias && t.ref.name === parts[0]))?.ref;
      column = parts[1];
    }
    if (!table || !column) continue;
    const at = f.offsetOf(node.location);
    push('use', memberRef('column', table, column), parts.length === 2 ? (f.ident(parts[0], at), f.ident(column)) : f.ident(column, at), SOFT);
  }
}

/** A keyed node of the AST (`{ RangeVar: {...} }`): its key and the node under it, which narrows with the key. */
type Keyed = { [K in NodeKind]: [key: K, node: NodeOf<K>] }[NodeKind];

/** Visits every keyed object node (`{ RangeVar: {...} }` → ('RangeVar', {...})) without recursion. */
function walk(root: unknown, visit: (...entry: Keyed) => void): void {
  // The key says what the node is; called as a plain (key, node) function, so nothing is allocated per node.
  const call = visit as (key: string, node: unknown) => void;
  walkNodes(root, (node) => {
    // for…in and a char code, not Object.entries and a pattern: this runs on every AST node of every statement.
    for (const k in node) {
      const c = k.charCodeAt(0);
      if (c < 65 || c > 90) continue;
      const v = (node as Record<string, unknown>)[k];
      if (v && typeof v === 'object' && !Array.isArray(v)) call(k, v);
    }
  });
}
