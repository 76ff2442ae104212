/**
 * Go to definition, references, hover on names, document and workspace symbols and schema
 * completion, answered from the object timeline of the document's migration set
 * (navigation/timeline.ts): the schema as it stands at the statement under the cursor, across
 * files, in the runner's apply order, with no database. Each file's events are computed once per
 * text and kept; a request rebuilds only the resolution when a file changed.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionContext, type CompletionContext } from '../navigation/completion-context';
import { fileEvents, outlineLabel } from '../navigation/events';
import type { FileEvents, ObjectKind } from '../navigation/model';
import { placePreview, previewedShape, previewedSymbols, previewHolds, type PlacedPreview, type PreviewedSymbol } from '../navigation/previewed';
import { Timeline, type Occurrence, type Point, type SchemaObject } from '../navigation/timeline';
import type { SchemaModel } from '../preview/schema-model';
import { quoteIdent } from '../rules/tokens';
import { LruCache } from '../parse/cache';
import { parseSql } from '../parse/parser';
import { LineIndex } from '../parse/positions';
import { rangeOf } from './positions';
import { fsPathOf } from './workspace';

export interface NavigationHost {
  /** The up files of the set holding a file, in apply order; undefined when no set holds it. */
  setFilesOf(uri: string): Promise<string[] | undefined>;
  /** The up files of every set of every workspace folder (workspace symbols). */
  allSetFiles(): Promise<string[][]>;
  /** An open document's text, or undefined. */
  openText(file: string): string | undefined;
  /** A closed file's text from the disk. */
  readText(file: string): string | undefined;
  /** A file's path as shown to the user (relative to its workspace folder). */
  displayPath(file: string): string;
  /** The last preview of the set whose files begin with this one: its schema and the texts it ran on (lsp/preview.ts). */
  previewOf(firstFile: string): { schema: SchemaModel; files: { path: string; text: string }[] } | undefined;
  /** Resolves when the parser is loaded. */
  ready: Promise<unknown>;
}

interface FileEntry {
  path: string;
  text: string;
  events: FileEvents;
  lines: LineIndex;
}

interface Built {
  timeline: Timeline;
  files: FileEntry[];
}

/** Files larger than this are left out of the timeline (as the engine refuses to lint them). */
const MAX_TEXT = 5 * 1024 * 1024;

/**
 * What the navigator keeps, bounded so a long session cannot grow it without end (files renamed,
 * sets changed, documents opened outside any set): files by count and by the characters they
 * hold (their events weigh a few times their text), timelines by count (one per set in use).
 */
const MAX_FILES = 10_000;
const MAX_CACHED_CHARS = 32 * 1024 * 1024;
const MAX_TIMELINES = 16;

export class Navigator {
  private readonly entries = new LruCache<string, FileEntry>(MAX_FILES, MAX_CACHED_CHARS, (_, e) => e.text.length);
  /** Disk texts, `text` undefined for a file that could not be read. */
  private readonly disk = new LruCache<string, { text?: string }>(MAX_FILES, MAX_CACHED_CHARS, (_, d) => d.text?.length ?? 0);
  private readonly built = new LruCache<string, Built>(MAX_TIMELINES);

  constructor(private readonly host: NavigationHost) {}

  /** A file changed on disk (or the sets changed): read it again when next asked. */
  invalidate(file?: string): void {
    if (file === undefined) this.disk.clear();
    else this.disk.delete(file);
  }

  private textOf(file: string): string | undefined {
    const open = this.host.openText(file);
    if (open !== undefined) return open;
    let read = this.disk.get(file);
    if (!read) {
      try {
        read = { text: this.host.readText(file) };
      } catch {
        read = {};
      }
      this.disk.set(file, read);
    }
    return read.text;
  }

  private entryOf(file: string, text: string): FileEntry {
    const hit = this.entries.get(file);
    if (hit && hit.text === text) return hit;
    const ok = text.length <= MAX_TEXT && !text.includes('\u0000');
    const entry = { path: file, text, events: ok ? fileEvents(parseSql(text)) : { events: [], statements: [], opaque: true }, lines: new LineIndex(text) };
    this.entries.set(file, entry);
    return entry;
  }

  private timelineOf(files: string[]): Built {
    const key = files.join('\n');
    const entries = files.map((f) => this.entryOf(f, this.textOf(f) ?? ''));
    const hit = this.built.get(key);
    if (hit && hit.files.length === entries.length && hit.files.every((e, i) => e === entries[i])) return hit;
    const built = { timeline: new Timeline(entries.map((e) => e.events)), files: entries };
    this.built.set(key, built);
    return built;
  }

  /** Where the set's last preview stands in its timeline, when it ran on the set's first files as they read now. */
  private previewIn(built: Built): PlacedPreview | undefined {
    const first = built.files[0];
    const previewed = first && this.host.previewOf(first.path);
    return previewed && placePreview(previewed.schema, previewed.files, built.files);
  }

  /** The timeline of a document's set (or of the document alone) and the document's index in it. */
  private async contextOf(doc: TextDocument): Promise<{ built: Built; index: number } | undefined> {
    await this.host.ready;
    const file = fsPathOf(doc.uri) ?? doc.uri;
    const setFiles = await this.host.setFilesOf(doc.uri);
    const files = setFiles?.includes(file) ? setFiles : [file];
    const built = this.timelineOf(files);
    return { built, index: files.indexOf(file) };
  }

  private locationOf(built: Built, occ: Occurrence): Location {
    const entry = built.files[occ.file];
    return { uri: pathToFileURL(entry.path).toString(), range: rangeOf(entry.lines, occ.event.start, occ.event.end) };
  }

  private async occurrenceAt(doc: TextDocument, pos: Position): Promise<{ built: Built; occ: Occurrence } | undefined> {
    const ctx = await this.contextOf(doc);
    if (!ctx) return undefined;
    const occ = ctx.built.timeline.at(ctx.index, doc.offsetAt(pos));
    return occ && { built: ctx.built, occ };
  }

  /**
   * What Rename would change: the object under the cursor, when the file being edited creates it,
   * nothing else names it (no later migration uses it yet, no RENAME), and it is not an enum value.
   */
  async prepareRename(doc: TextDocument, pos: Position): Promise<{ range: Range; placeholder: string } | string> {
    const hit = await this.renameTarget(doc, pos);
    if (typeof hit === 'string') return hit;
    const { entry, occ } = hit;
    return { range: rangeOf(entry.lines, occ.event.start, occ.event.end), placeholder: occ.name };
  }

  /** The edits of a rename: every token of the object in this file, quoted when the name needs it. */
  async rename(doc: TextDocument, pos: Position, newName: string): Promise<WorkspaceEdit | string> {
    const hit = await this.renameTarget(doc, pos);
    if (typeof hit === 'string') return hit;
    if (!newName || newName.includes('\u0000')) return 'The new name is empty.';
    const text = quoteIdent(newName);
    const edits: TextEdit[] = hit.occ.object.occurrences.map((o) => ({ range: rangeOf(hit.entry.lines, o.event.start, o.event.end), newText: text }));
    return { changes: { [doc.uri]: edits } };
  }

  private async renameTarget(doc: TextDocument, pos: Position): Promise<{ entry: FileEntry; occ: Occurrence } | string> {
    const ctx = await this.contextOf(doc);
    const occ = ctx && ctx.built.timeline.at(ctx.index, doc.offsetAt(pos));
    if (!ctx || !occ) return 'No schema object here.';
    const obj = occ.object;
    if (obj.kind === 'enum value') return 'Enum values are not renamed here: they are strings.';
    if (!obj.occurrences.some((o) => o.event.event === 'create' && o.file === ctx.index)) return `This migration does not create ${occ.name}: rename it with a new migration (ALTER … RENAME).`;
    if (obj.occurrences.some((o) => o.file !== ctx.index)) return `Another migration names ${occ.name}: rename it with a new migration (ALTER … RENAME).`;
    if (obj.occurrences.some((o) => o.event.event === 'rename')) return `${occ.name} is renamed in this migration already.`;
    return { entry: ctx.built.files[ctx.index], occ };
  }

  /** Where the object under the cursor was created, then the statements that altered or renamed it, in apply order. */
  async definition(doc: TextDocument, pos: Position): Promise<Location[] | null> {
    const hit = await this.occurrenceAt(doc, pos);
    if (!hit) return null;
    const { built, occ } = hit;
    const defining = occ.object.occurrences.filter((o) => !o.event.nested && (o.event.event === 'create' || o.event.event === 'alter' || o.event.event === 'rename'));
    const created = defining.filter((o) => o.event.event === 'create');
    if (created.length === 0) return null;
    return [...created, ...defining.filter((o) => o.event.event !== 'create' && o.seq > created[0].seq)].map((o) => this.locationOf(built, o));
  }

  /**
   * Every statement that creates, alters, renames, drops or uses the object, in apply order.
   * VS Code's peek view and References view sort the list by file and position whatever the
   * order given (ReferencesModel's constructor sorts by URI then range, and the
   * vscode.executeReferenceProvider command goes through it: src/vs/editor/contrib/gotoSymbol/
   * browser/referencesModel.ts and goToSymbol.ts); the peek still opens on the first one given
   * (firstReference() picks the provider's first), the creation. The hover lists the object's
   * history in apply order.
   */
  async references(doc: TextDocument, pos: Position, includeDeclaration: boolean): Promise<Location[] | null> {
    const hit = await this.occurrenceAt(doc, pos);
    if (!hit) return null;
    return hit.occ.object.occurrences.filter((o) => includeDeclaration || o.event.event !== 'create').map((o) => this.locationOf(hit.built, o));
  }

  /** The object under the cursor as it stands just before this statement, where it was made, and what this statement does to it. */
  async hover(doc: TextDocument, pos: Position): Promise<Hover | null> {
    const hit = await this.occurrenceAt(doc, pos);
    if (!hit) return null;
    const { built, occ } = hit;
    const { timeline } = built;
    const obj = occ.object;
    const made = occ.event.event === 'create';
    // What is created here is shown as this statement leaves it; anything else as it stood before.
    const p: Point = { file: occ.file, stmt: occ.event.stmt + (made ? 1 : 0) };
    const parts: string[] = [];
    parts.push(`**${obj.kind}** \`${qualifiedLabel(timeline, obj, p)}\``);
    const preview = this.previewIn(built);
    const previewed = preview && previewHolds(timeline, built.files.map((f) => f.events), obj, p, preview.end) ? previewedShape(preview.schema, timeline, obj, p) : undefined;
    const shape = previewed ?? this.shapeOf(timeline, obj, p);
    if (shape) parts.push('```sql\n' + shape + '\n```' + (previewed ? '\n\n_As the schema preview has it (PostgreSQL\'s catalog)._' : ''));
    const creation = obj.occurrences.filter((o) => o.event.event === 'create' && !o.event.nested && o.seq <= occ.seq).pop();
    if (creation && creation !== occ) {
      const entry = built.files[creation.file];
      const line = entry.lines.positionAt(creation.event.start).line + 1;
      const name = creation.name !== obj.name ? ` as \`${creation.name}\`` : '';
      parts.push(`Created in [${this.host.displayPath(entry.path)}:${line}](${pathToFileURL(entry.path).toString()}#L${line})${name}.`);
    } else if (!obj.created) parts.push('Not created by a migration of this set (made elsewhere: an extension, a setup script, the platform).');
    const change = describeChange(occ);
    if (change) parts.push(change);
    const history = this.historyOf(built, occ);
    if (history) parts.push(history);
    const entry = built.files[occ.file];
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: rangeOf(entry.lines, occ.event.start, occ.event.end) };
  }

  /**
   * The statements that created, altered, renamed or dropped the object, in apply order, each
   * linked (one per statement): what the references list cannot show in VS Code, which sorts it by
   * file. Only when there is more than its creation to tell.
   */
  private historyOf(built: Built, occ: Occurrence): string | undefined {
    const seen = new Set<string>();
    const changes: Occurrence[] = [];
    for (const o of occ.object.occurrences) {
      const statement = `${o.file}:${o.event.stmt}`;
      if (o.event.event === 'use' || seen.has(statement)) continue;
      seen.add(statement);
      changes.push(o);
    }
    if (changes.length < 2) return undefined;
    const shown = changes.slice(0, HISTORY_MAX);
    const lines = shown.map((o, i) => {
      const entry = built.files[o.file];
      const line = entry.lines.positionAt(o.event.start).line + 1;
      const here = o.file === occ.file && o.event.stmt === occ.event.stmt ? ' (this statement)' : '';
      return `${i + 1}. ${historyVerb(o)}: [${this.host.displayPath(entry.path)}:${line}](${pathToFileURL(entry.path).toString()}#L${line})${here}`;
    });
    if (changes.length > shown.length) lines.push(`… and ${changes.length - shown.length} more (Find All References lists every statement).`);
    return `History, in apply order:\n${lines.join('\n')}`;
  }

  private shapeOf(timeline: Timeline, obj: SchemaObject, p: Point): string | undefined {
    if (!timeline.exists(obj, p) && obj.created) return obj.occurrences.some((o) => o.event.event === 'drop') ? '-- dropped at this point' : undefined;
    const name = qualifiedLabel(timeline, obj, p);
    switch (obj.kind) {
      case 'table':
      case 'view':
      case 'materialized view': {
        const cols = timeline.columnsAt(obj, p);
        if (!obj.created && cols.length === 0) return undefined;
        const lines = cols.map((c) => `  ${c.name}${c.type ? ` ${c.type}` : ''}${c.notNull ? ' NOT NULL' : ''}`);
        return `${obj.kind.toUpperCase()} ${name} (${lines.length ? `\n${lines.join(',\n')}\n` : ''})`;
      }
      case 'column': {
        const col = obj.parent && timeline.columnsAt(obj.parent, p).find((c) => c.object === obj);
        return col ? `${col.name}${col.type ? ` ${col.type}` : ''}${col.notNull ? ' NOT NULL' : ''}` : undefined;
      }
      case 'type': {
        const values = timeline.enumValuesAt(obj, p);
        if (values.length) return `TYPE ${name} AS ENUM (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
        const base = timeline.attrAt(obj, 'type', p);
        return base ? `DOMAIN ${name} AS ${base}` : undefined;
      }
      case 'enum value':
        return obj.parent && this.shapeOf(timeline, obj.parent, p);
      case 'function': {
        const sig = timeline.attrAt(obj, 'signature', p);
        return sig ? `FUNCTION ${name}${sig}` : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Each statement as a symbol, with the objects it creates as children. */
  async documentSymbols(doc: TextDocument): Promise<DocumentSymbol[]> {
    await this.host.ready;
    const file = fsPathOf(doc.uri) ?? doc.uri;
    const text = doc.getText();
    const entry = this.entryOf(file, text);
    const out: DocumentSymbol[] = [];
    const events = entry.events.events;
    let e = 0;
    entry.events.statements.forEach((s, i) => {
      while (e < events.length && events[e].stmt < i) e++;
      const children: DocumentSymbol[] = [];
      for (let j = e; j < events.length && events[j].stmt === i; j++) {
        const ev = events[j];
        if (ev.event !== 'create' || ev.nested || (ev.start === s.nameStart && ev.end === s.nameEnd)) continue;
        children.push({ name: ev.target.name, detail: ev.target.kind, kind: symbolKind(ev.target.kind), range: rangeOf(doc, ev.start, ev.end), selectionRange: rangeOf(doc, ev.start, ev.end) });
      }
      const range = rangeOf(doc, s.start, s.end);
      out.push({
        name: outlineLabel(text, s),
        detail: s.kind,
        kind: s.kind ? symbolKind(s.kind) : SymbolKind.Event,
        range,
        selectionRange: rangeOf(doc, s.nameStart, s.nameEnd),
        children,
      });
    });
    return out;
  }

  /**
   * Every object the sets' migrations leave, by name: the previewed schema's when a preview ran
   * on the set's files as they read now, else the static timeline's after the last migration.
   * An object is placed where the timeline sees it made; one the timeline does not see (a
   * primary key's constraint, a serial's sequence) at the file and line the preview names.
   */
  async workspaceSymbols(query: string): Promise<SymbolInformation[]> {
    await this.host.ready;
    const q = query.toLowerCase();
    const out: SymbolInformation[] = [];
    for (const files of await this.host.allSetFiles()) {
      const built = this.timelineOf(files);
      const made = new Map<string, SymbolInformation>();
      const end: Point = { file: files.length, stmt: 0 };
      // Only names the query matches: a previewed object is looked up by its name too.
      for (const obj of built.timeline.objectsAt(end)) {
        if (obj.kind === 'enum value') continue;
        const name = built.timeline.nameAt(obj, end);
        if (q && !name.toLowerCase().includes(q)) continue;
        const creation = obj.occurrences.filter((o) => o.event.event === 'create').pop();
        if (!creation) continue;
        const containerName = obj.parent ? built.timeline.nameAt(obj.parent, end) : obj.schema;
        made.set(`${obj.kind}\0${containerName}\0${name}`, { name, kind: symbolKind(obj.kind), containerName, location: this.locationOf(built, creation) });
      }
      const preview = this.previewIn(built);
      const found =
        preview && preview.end.file === files.length
          ? previewedSymbols(preview.schema)
              .filter((sym) => !q || sym.name.toLowerCase().includes(q))
              .map((sym) => made.get(`${sym.kind}\0${sym.container}\0${sym.name}`) ?? this.previewedSymbol(built, sym))
          : [...made.values()];
      for (const sym of found) {
        out.push(sym);
        if (out.length >= 1000) return out;
      }
    }
    return out;
  }

  /** A previewed object at its origin: the name's token on that line when it is there, else the line's start. */
  private previewedSymbol(built: Built, sym: PreviewedSymbol): SymbolInformation {
    const entry = built.files.find((f) => f.path === sym.path);
    const kind = sym.kind === 'extension' ? SymbolKind.Package : symbolKind(sym.kind);
    const uri = pathToFileURL(sym.path).toString();
    if (!entry) return { name: sym.name, kind, containerName: sym.container, location: { uri, range: { start: { line: sym.line - 1, character: 0 }, end: { line: sym.line - 1, character: 0 } } } };
    const lineStart = entry.lines.offsetAt({ line: sym.line - 1, character: 0 });
    const lineEnd = entry.lines.offsetAt({ line: sym.line - 1, character: Number.MAX_SAFE_INTEGER });
    const at = nameIn(entry.text.slice(lineStart, lineEnd), sym.name);
    return { name: sym.name, kind, containerName: sym.container, location: { uri, range: rangeOf(entry.lines, lineStart + (at?.start ?? 0), lineStart + (at?.end ?? 0)) } };
  }

  /** Schema completion at the cursor, from the schema as of the statement before it. */
  async completion(doc: TextDocument, pos: Position): Promise<CompletionItem[]> {
    const ctx = await this.contextOf(doc);
    if (!ctx) return [];
    const text = doc.getText();
    const offset = doc.offsetAt(pos);
    const entry = ctx.built.files[ctx.index];
    const stmtStart = statementStartBefore(text, offset);
    if (stmtStart > offset) return [];
    const p: Point = { file: ctx.index, stmt: entry.events.statements.filter((s) => s.start < stmtStart).length };
    return schemaCompletions(ctx.built.timeline, p, completionContext(text, stmtStart, offset));
  }
}

/** Where a name is written in a line: quoted, or bare in any case. */
function nameIn(line: string, name: string): { start: number; end: number } | undefined {
  const quoted = `"${name.replace(/"/g, '""')}"`;
  const q = line.indexOf(quoted);
  if (q >= 0) return { start: q, end: q + quoted.length };
  const bare = new RegExp(String.raw`(?<![\w$\u0080-\uffff"])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\w$\u0080-\uffff"])`, 'i').exec(line);
  return bare ? { start: bare.index, end: bare.index + name.length } : undefined;
}

function qualifiedLabel(timeline: Timeline, obj: SchemaObject, p: Point): string {
  const name = timeline.nameAt(obj, p);
  if (obj.parent && obj.kind !== 'index') return `${timeline.nameAt(obj.parent, p)}.${name}`;
  return obj.schema && obj.schema !== 'public' ? `${obj.schema}.${name}` : name;
}

const HISTORY_MAX = 12;

function historyVerb(o: Occurrence): string {
  const ev = o.event;
  const where = ev.nested === 'do' ? ' in a DO block' : '';
  switch (ev.event) {
    case 'create':
      return `${o.duplicate ? 'created again' : 'created'}${where}`;
    case 'rename':
      return `renamed to \`${ev.newName}\`${where}`;
    case 'drop':
      return `dropped${where}`;
    default:
      return `${ev.attrs?.change && ev.attrs.change !== 'ALTER' ? `\`${ev.attrs.change}\`` : 'altered'}${where}`;
  }
}

function describeChange(occ: Occurrence): string | undefined {
  const ev = occ.event;
  const where = ev.nested === 'function' ? ' (when the function runs)' : ev.nested === 'do' ? ' (in a DO block)' : '';
  switch (ev.event) {
    case 'create':
      return occ.duplicate ? `This statement creates it again: it exists already${where}.` : `This statement creates it${where}.`;
    case 'alter':
      return ev.attrs?.change && ev.attrs.change !== 'ALTER' ? `This statement changes it: \`${ev.attrs.change}\`${where}.` : `This statement alters it${where}.`;
    case 'rename':
      return `This statement renames it to \`${ev.newName}\`${where}.`;
    case 'drop':
      return `This statement drops it${where}.`;
    case 'use':
      return occ.afterDrop ? 'It was dropped by an earlier statement.' : undefined;
  }
}

export function symbolKind(kind: ObjectKind): SymbolKind {
  switch (kind) {
    case 'schema':
      return SymbolKind.Namespace;
    case 'table':
      return SymbolKind.Struct;
    case 'view':
    case 'materialized view':
      return SymbolKind.Interface;
    case 'sequence':
      return SymbolKind.Number;
    case 'index':
      return SymbolKind.Key;
    case 'column':
      return SymbolKind.Field;
    case 'constraint':
      return SymbolKind.Property;
    case 'type':
      return SymbolKind.Enum;
    case 'enum value':
      return SymbolKind.EnumMember;
    case 'function':
      return SymbolKind.Function;
    case 'trigger':
      return SymbolKind.Event;
    case 'policy':
      return SymbolKind.Object;
  }
}

/** Where the statement holding an offset starts: after the last top-level semicolon before it. */
function statementStartBefore(text: string, offset: number): number {
  let start = 0;
  let i = 0;
  while (i < offset) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? offset : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? offset : close + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < offset && !(text[j] === c && text[j + 1] !== c)) j += text[j] === c ? 2 : 1;
      i = j + 1;
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m && !/[\w$]/.test(text[i - 1] ?? '')) {
        const close = text.indexOf(m[0], i + m[0].length);
        i = close < 0 ? offset : close + m[0].length;
      } else i++;
    } else {
      if (c === ';') start = i + 1;
      i++;
    }
  }
  while (start < offset && /\s/.test(text[start])) start++;
  return start;
}

const BUILTIN_TYPES = ['bigint', 'integer', 'smallint', 'text', 'varchar', 'boolean', 'timestamptz', 'timestamp', 'date', 'time', 'interval', 'uuid', 'jsonb', 'json', 'numeric', 'real', 'double precision', 'bytea', 'inet', 'citext', 'bigserial', 'serial', 'char'];

/** A completion's label (`app.Widgets`) and, when a part needs quotes, the text it inserts (`app."Widgets"`). */
function named(parts: string[]): { label: string; insertText?: string } {
  const label = parts.join('.');
  const quoted = parts.map(quoteIdent).join('.');
  return quoted === label ? { label } : { label, insertText: quoted };
}

/**
 * What may come at the cursor (navigation/completion-context.ts reads the statement being typed):
 * tables, the columns of the statement's table, types, enum values, functions. Ranked by
 * proximity: what the migrations touched last comes first.
 */
export function schemaCompletions(timeline: Timeline, p: Point, c: CompletionContext): CompletionItem[] {
  const items: CompletionItem[] = [];
  const maxSeq = Math.max(1, ...timeline.objects.map((o) => timeline.lastTouch(o, p)));
  const rank = (o: SchemaObject, group: number) => `${group}${String(maxSeq - timeline.lastTouch(o, p)).padStart(8, '0')}`;
  const findTable = (parts: string[] | undefined): SchemaObject | undefined => {
    if (!parts?.length) return undefined;
    const name = parts[parts.length - 1];
    const schema = parts.length > 1 ? parts[parts.length - 2] : 'public';
    return timeline
      .objectsAt(p, ['table', 'view', 'materialized view'])
      .find((o) => o.schema === schema && timeline.nameAt(o, p) === name) ?? timeline.objects.find((o) => !o.created && o.schema === schema && o.name === name && ['table', 'view'].includes(o.kind));
  };
  const relations = (schema?: string) => {
    for (const o of timeline.objectsAt(p, ['table', 'view', 'materialized view'])) {
      if (schema !== undefined && o.schema !== schema) continue;
      const name = timeline.nameAt(o, p);
      const parts = schema === undefined && o.schema !== 'public' ? [o.schema!, name] : [name];
      items.push({ ...named(parts), kind: o.kind === 'table' ? CompletionItemKind.Struct : CompletionItemKind.Interface, detail: o.kind, sortText: rank(o, 1) });
    }
    if (schema === undefined) for (const o of timeline.objectsAt(p, ['schema'])) items.push({ ...named([timeline.nameAt(o, p)]), kind: CompletionItemKind.Module, detail: 'schema', sortText: rank(o, 2) });
  };
  const columns = (table: SchemaObject | undefined) => {
    if (!table) return;
    for (const col of timeline.columnsAt(table, p)) {
      items.push({ ...named([col.name]), kind: CompletionItemKind.Field, detail: `${col.type ?? ''}${col.notNull ? ' NOT NULL' : ''} · ${timeline.nameAt(table, p)}`.trim(), sortText: rank(col.object, 0) });
    }
  };
  const types = () => {
    for (const o of timeline.objectsAt(p, ['type'])) {
      const name = timeline.nameAt(o, p);
      items.push({ ...named(o.schema !== 'public' ? [o.schema!, name] : [name]), kind: CompletionItemKind.Enum, detail: timeline.enumValuesAt(o, p).length ? 'enum' : 'type', sortText: rank(o, 0) });
    }
    BUILTIN_TYPES.forEach((t, i) => items.push({ label: t, kind: CompletionItemKind.TypeParameter, detail: 'built-in type', sortText: `9${String(i).padStart(8, '0')}` }));
  };
  const functions = () => {
    for (const o of timeline.objectsAt(p, ['function'])) {
      const name = timeline.nameAt(o, p);
      items.push({ ...named(o.schema !== 'public' ? [o.schema!, name] : [name]), kind: CompletionItemKind.Function, detail: `${name}${timeline.attrAt(o, 'signature', p) ?? ''}`, sortText: rank(o, 3) });
    }
  };
  const enumTypes = () => timeline.objectsAt(p, ['type']).filter((t) => timeline.enumValuesAt(t, p).length > 0);
  const enumValues = (type: SchemaObject) => {
    timeline.enumValuesAt(type, p).forEach((v, i) => items.push({ label: v, kind: CompletionItemKind.EnumMember, detail: `${timeline.nameAt(type, p)} value`, sortText: `0${String(i).padStart(8, '0')}` }));
  };

  switch (c.kind) {
    case 'relations':
      relations(c.schema);
      break;
    case 'columns':
      columns(findTable(c.table));
      break;
    case 'expression':
      columns(findTable(c.table));
      functions();
      break;
    case 'types':
      types();
      break;
    case 'functions':
      functions();
      break;
    case 'qualified': {
      // `schema.` → its relations; `table.` or `alias.` → its columns.
      const [first] = c.qualifier;
      if (c.qualifier.length === 1 && (timeline.objectsAt(p, ['schema']).some((s) => timeline.nameAt(s, p) === first) || timeline.objects.some((o) => o.schema === first && o.kind !== 'schema'))) relations(first);
      columns(findTable(c.table ?? c.qualifier));
      break;
    }
    case 'enum values': {
      // The values of the enums the statement names, directly or through a column of its table.
      const named = new Set<SchemaObject>();
      const typeName = (t: SchemaObject) => timeline.nameAt(t, p);
      if (c.type) {
        const [schema, name] = c.type.length > 1 ? c.type.slice(-2) : ['public', c.type[0]];
        for (const t of enumTypes()) if (t.schema === schema && typeName(t) === name) named.add(t);
      } else {
        const names = new Set(c.names);
        for (const t of enumTypes()) if (names.has(typeName(t))) named.add(t);
        const table = findTable(c.table);
        for (const col of table ? timeline.columnsAt(table, p) : []) {
          if (!names.has(col.name)) continue;
          const t = enumTypes().find((e) => col.type === typeName(e) || col.type === `${e.schema}.${typeName(e)}`);
          if (t) named.add(t);
        }
      }
      for (const t of named) enumValues(t);
      break;
    }
    case 'none':
  }
  return items;
}

export function displayRelative(root: string | undefined, file: string): string {
  return root ? path.relative(root, file).split(path.sep).join('/') : path.basename(file);
}
