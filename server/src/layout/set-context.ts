/**
 * What per-file linting needs to know about the migration set a file belongs to: the set's
 * convention (and so its transaction mode) and the objects earlier migrations created (so a
 * rule can tell a table made by an earlier file from one made in this file). Shared by the
 * language server and the CLI; files are parsed once per distinct content.
 */
import { MAX_SQL_READ_BYTES, readTextFile } from '../limits';
import { DEFAULT_MAX_FILE_SIZE, type ResolvedConfig } from '../config';
import { severityFor, type Finding, type SetContext } from '../engine';
import { parseSql, type ParsedFile } from '../parse/parser';
import { ALL_RULES, RULES_BY_ID } from '../rules/index';
import type { Rule } from '../rules/types';
import { CONVENTIONS } from './conventions';
import { createdObjects, objectKey } from '../rules/objects';
import type { MigrationFile, MigrationSet } from './types';
import { fileEvents } from '../navigation/events';
import type { FileEvents, PriorFile } from '../navigation/model';
import { sectionsOf, sectionText } from './conventions/sections';
import type { ConventionId } from './conventions';

export type ReadText = (path: string) => string | undefined;

interface SetMember {
  set: MigrationSet;
  file: MigrationFile;
  /** `orphan`: in the set's folder but never applied by its runner (e.g. missing from the Drizzle journal). */
  role: 'up' | 'down' | 'orphan';
}

/** The set holding a file (absolute path), as an up file, a down file or an orphan. */
export function memberOf(sets: readonly MigrationSet[], path: string): SetMember | undefined {
  for (const set of sets) {
    const up = set.files.find((f) => f.path === path);
    if (up) return { set, file: up, role: 'up' };
    const down = set.downs.find((f) => f.path === path);
    if (down) return { set, file: down, role: 'down' };
    const orphan = set.orphans.find((f) => f.path === path);
    if (orphan) return { set, file: orphan, role: 'orphan' };
  }
  return undefined;
}

/** memberOf for every file of the sets at once. */
function membersOf(sets: readonly MigrationSet[]): Map<string, SetMember> {
  const members = new Map<string, SetMember>();
  for (const set of sets) {
    for (const [role, files] of [['up', set.files], ['down', set.downs], ['orphan', set.orphans]] as const) {
      for (const file of files) if (!members.has(file.path)) members.set(file.path, { set, file, role });
    }
  }
  return members;
}

/**
 * The up files applied before a member runs: the earlier ones for an up file; its up twin and
 * everything before it for a down file (a rollback runs after its up file); every applied
 * file for an orphan or an unpaired down file (they could only ever run last).
 */
function filesBefore(member: SetMember): MigrationFile[] {
  const { set, file, role } = member;
  if (role === 'up') return set.files.slice(0, set.files.indexOf(file));
  const twin = role === 'down' && file.upPath ? set.files.findIndex((f) => f.path === file.upPath) : -1;
  return twin >= 0 ? set.files.slice(0, twin + 1) : set.files;
}

interface SetContextOptions {
  /** Reads a file's text; the editor passes one that prefers unsaved text. Defaults to the disk. */
  read?: ReadText;
  /** Files larger than this are not parsed (as the engine refuses them). */
  maxFileSize?: number;
  /** Events computed by an earlier run (the CLI's cache of a set's history, cli/history-cache.ts). */
  eventsCache?: EventsCache;
}

/** Schema events kept beyond this object, by the path and the text they were computed from. */
export interface EventsCache {
  get(path: string, text: string): FileEvents | undefined;
  set(path: string, text: string, events: FileEvents): void;
}

/**
 * Builds the engine's `set` option for files of detected sets. `forget()` after files change
 * on disk: the next request reads them again, and parses only those whose text changed.
 */
export class SetContexts {
  private readonly read: ReadText;
  private readonly maxFileSize: number;
  private readonly eventsCache: EventsCache | undefined;
  /** Parse results by path, reused while the text is the same. */
  private readonly parsed = new Map<string, { text: string; keys: string[] }>();
  /** Keys per path as read since the last forget(): a set's files are read once per round. */
  private readonly current = new Map<string, string[]>();
  /** Schema events by path, reused while the text is the same. */
  private readonly events = new Map<string, PriorFile>();
  /** Every up file's events per set root, since the last forget(). */
  private readonly sets = new Map<string, PriorFile[]>();
  private readonly parses = new Map<string, ParsedFile>();
  /** The text each path's events were computed from. */
  private readonly raw = new Map<string, string>();
  /** The members of the last list of sets asked about (contextOf). */
  private members: { sets: readonly MigrationSet[]; byPath: Map<string, SetMember> } | undefined;

  constructor(opts: SetContextOptions = {}) {
    this.read = opts.read ?? readFromDisk;
    this.maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.eventsCache = opts.eventsCache;
  }

  /** The set context of a file of one of `sets`; undefined when no set holds it. */
  contextOf(sets: readonly MigrationSet[], path: string): SetContext | undefined {
    // Indexed once per list of sets: a search of each set's files per file made a CLI run quadratic.
    if (this.members?.sets !== sets) this.members = { sets, byPath: membersOf(sets) };
    const member = this.members.byPath.get(path);
    return member && this.contextFor(member);
  }

  contextFor(member: SetMember): SetContext {
    // Gathered when a rule first asks: every file before this one is read and parsed for it,
    // which for each file of a 700-file CLI run made linting quadratic.
    let prior: Set<string> | undefined;
    const priorObjects = (): ReadonlySet<string> => {
      if (!prior) {
        prior = new Set();
        for (const f of filesBefore(member)) for (const key of this.createdBy(f.path)) prior.add(key);
      }
      return prior;
    };
    // A down file undoes its up twin: dropping what the twin created is the rollback, not data loss.
    const upTwinObjects = member.role === 'down' && member.file.upPath ? new Set(this.createdBy(member.file.upPath)) : undefined;
    let priorEvents: PriorFile[] | undefined;
    const priorFiles = (): readonly PriorFile[] => (priorEvents ??= filesBefore(member).flatMap((f) => this.eventsOf(f.path, member.set.convention) ?? []));
    const context: SetContext = { convention: member.set.convention, priorObjects, priorFiles };
    // One timeline of the whole set serves each of its files (a file's checks read only what comes before it).
    if (member.role === 'up') context.setFiles = () => ({ files: this.wholeSet(member.set), index: member.set.files.indexOf(member.file) });
    if (upTwinObjects) context.upTwinObjects = upTwinObjects;
    if (member.role === 'orphan') context.unapplied = true;
    if (member.role === 'up' && CONVENTIONS[member.set.convention].repeatable?.(member.file)) context.repeatable = true;
    return context;
  }

  /** `objectKey`s of what a file creates (top level and DO blocks); none when it cannot be read or parsed. */
  createdBy(path: string): string[] {
    let keys = this.current.get(path);
    if (keys) return keys;
    const text = safeRead(this.read, path);
    const hit = this.parsed.get(path);
    if (text === undefined) keys = [];
    else if (hit?.text === text) keys = hit.keys;
    else {
      keys = parseable(text, this.maxFileSize) ? keysOf(this.parsedFor(path, text)) : [];
      this.parsed.set(path, { text, keys });
    }
    this.current.set(path, keys);
    return keys;
  }

  /**
   * A file's schema events (navigation/events.ts) as its runner applies it (a goose or dbmate
   * file's down section blanked out), cached by text; undefined when it cannot be read.
   */
  eventsOf(path: string, convention: ConventionId): PriorFile | undefined {
    const text = safeRead(this.read, path);
    if (text === undefined) return undefined;
    const hit = this.events.get(path);
    if (hit && this.raw.get(path) === text) return hit;
    this.raw.set(path, text);
    const sections = sectionsOf(convention, text);
    const applied = sections ? sectionText(text, sections, 'up') : text;
    const events = parseable(text, this.maxFileSize) ? this.eventsCache?.get(path, applied) ?? this.computeEvents(path, applied) : { events: [], statements: [], opaque: true };
    // The text the events refer to: the file as its runner applies it (same offsets).
    const entry = { path, text: applied, events };
    this.events.set(path, entry);
    return entry;
  }

  private computeEvents(path: string, applied: string): FileEvents {
    const events = fileEvents(this.parsedFor(path, applied));
    this.eventsCache?.set(path, applied, events);
    return events;
  }

  /** A file's parse, shared by createdBy, eventsOf and the CLI's lint of the file (the last text parsed per path). */
  parsedFor(path: string, text: string): ParsedFile {
    const hit = this.parses.get(path);
    if (hit?.text === text) return hit;
    const parsed = parseSql(text);
    if (this.parses.size < this.maxParses) this.parses.set(path, parsed);
    // What createdBy needs of a parse not kept is kept instead: a down file asks for the objects of
    // its up twin, which its set's timeline parsed already (124 parses of ente's up files).
    else if (this.parsed.get(path)?.text !== text) this.parsed.set(path, { text, keys: keysOf(parsed) });
    return parsed;
  }

  /** At most this many parses kept at once (keepFewParses). */
  private maxParses = Infinity;

  /**
   * From now on, at most `max` parses are kept at once (each thread of a CLI run on two threads,
   * cli/parallel.ts); the others are parsed again when asked for. A thread builds a set's timeline
   * from the parse of every file of the set when it lints the set's first file, in the order it
   * lints them: keeping all of its own files' parses until each was linted held most of a large
   * set's syntax trees at once (on the real-history corpus the run's peak was about 5 MB higher);
   * keeping none parsed about 700 files twice (about 10 % of the run's CPU).
   */
  keepFewParses(max: number): void {
    this.maxParses = max;
    this.parses.clear();
  }

  /** Lets a path's parse go (its keys and events stay cached): the CLI is done with a file once it is linted. */
  release(path: string): void {
    this.parses.delete(path);
  }

  /**
   * Lets everything kept for a set's files go (their keys, events, parses and so the set's
   * timeline): a CLI thread is done with a set once it has linted the last of its files there
   * (cli/lint-files.ts), and kept every set's to the end of the run otherwise.
   */
  releaseSet(set: MigrationSet): void {
    this.sets.delete(set.root);
    for (const f of [...set.files, ...set.downs, ...set.orphans]) {
      for (const map of [this.parsed, this.current, this.events, this.parses, this.raw]) map.delete(f.path);
    }
  }

  /** The events of every up file of a set, read once per round (until forget()). */
  private wholeSet(set: MigrationSet): PriorFile[] {
    let files = this.sets.get(set.root);
    if (!files) {
      files = set.files.map((f) => this.eventsOf(f.path, set.convention) ?? { path: f.path, text: '', events: { events: [], statements: [], opaque: true } });
      this.sets.set(set.root, files);
    }
    return files;
  }

  /** Files may have changed: read them again on the next request (parses stay cached by text). */
  forget(): void {
    this.current.clear();
    this.sets.clear();
  }
}

function keysOf(file: ParsedFile): string[] {
  const keys = new Set<string>();
  for (const stmt of file.executed) for (const o of createdObjects(stmt)) keys.add(objectKey(o.kind, o.name));
  return [...keys];
}

function parseable(text: string, maxFileSize: number): boolean {
  return !text.includes('\u0000') && Buffer.byteLength(text, 'utf8') <= maxFileSize;
}

function safeRead(read: ReadText, path: string): string | undefined {
  try {
    return read(path);
  } catch {
    return undefined;
  }
}

/** A migration (or setup/snapshot file) from disk: regular files only, at most MAX_SQL_READ_BYTES. */
export function readFromDisk(path: string): string | undefined {
  return readTextFile(path, MAX_SQL_READ_BYTES);
}

/**
 * A file's per-file findings together with the set-level findings on it, in file order.
 * A down file's syntax errors are reported once: by the per-file `syntax-error` when that rule
 * is on (it follows the text as it is typed), by the set-level `down-does-not-parse` otherwise
 * and for files that are not linted on their own (files not open in the editor).
 */
export function mergeFindings(perFile: readonly Finding[], fromSet: readonly Finding[], config: ResolvedConfig): Finding[] {
  const extra = syntaxErrorOn(config) ? fromSet.filter((f) => f.ruleId !== DOWN_DOES_NOT_PARSE) : fromSet;
  return [...perFile, ...extra].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The set-level rules of a run that lints on its own every file it reports (the CLI): while
 * `syntax-error` is on, mergeFindings would drop every `down-does-not-parse` finding, so that rule
 * does not run and the down files are not parsed for it (each is parsed for its own lint).
 */
export function setRulesBesideFileLints(config: ResolvedConfig): Rule[] {
  return syntaxErrorOn(config) ? ALL_RULES.filter((r) => r.id !== DOWN_DOES_NOT_PARSE) : ALL_RULES;
}

const DOWN_DOES_NOT_PARSE = 'down-does-not-parse';

function syntaxErrorOn(config: ResolvedConfig): boolean {
  return severityFor(RULES_BY_ID.get('syntax-error')!, config, false) !== 'off';
}
