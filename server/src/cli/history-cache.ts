/**
 * The schema events of the files a run reads but does not lint (a set's history), kept on disk
 * between runs. The schema rules of a file read the timeline of its whole set, so linting one new
 * migration beside a 163-migration history parsed all 163 files and built their events first:
 * about 150 ms of the run's 500 ms of CPU, at every pre-commit hook. Entries are keyed by the
 * text they were computed from, kept beside them, so an edited file is computed again; the files
 * the run lints are parsed anyway, and are neither looked up nor stored. The text itself is the
 * key, not a hash of it: node:crypto took longer to load (about 6 ms after lint's V8 flags change,
 * see lint-flags.ts) than the texts take to read back, and a Map compares them exactly.
 *
 * One JSON file per workspace (cache-file.ts), written only when the run computed something new,
 * in ASCII (V8 reads a file holding any other character into a two-byte string, which it decodes
 * and parses more slowly). Each name (an event's target) is written once and the events point at
 * it by number: a table's name is in each of its columns' events, and JSON.parse made an object of
 * every copy (documenso's history: 3,638 events name 1,187 distinct objects; 835 -> 604 KB, and
 * reading it about a fifth fewer instructions with the relinking, callgrind).
 */
import { join } from 'node:path';
import type { EventsCache } from '../layout/set-context';
import type { FileEvents, NameEvent, NameRef } from '../navigation/model';
import { workspaceCacheFile, writeCacheFile } from './cache-file';
import { readUtf8 } from './read-utf8';

/** Beyond this many entries, the file keeps only the run's own (files edited over time leave old entries behind). */
const MAX_ENTRIES = 20_000;
const FOLDER = 'lint-history';

/** Events by the text they were computed from. */
type Entries = Map<string, FileEvents>;

export class HistoryCache implements EventsCache {
  private readonly used: Entries = new Map();
  private changed = false;
  /** The cache file and its entries, read when a history file is first asked for (a file with no history never asks); null: no usable cache. */
  private opened: { file: string; known: Entries } | null | undefined;

  private constructor(
    private readonly dir: string,
    private readonly root: string,
    private readonly linted: ReadonlySet<string>,
  ) {}

  /** The cache of the workspace `root` in `cacheDir`, for a run that lints `linted`. */
  static open(cacheDir: string, root: string, linted: Iterable<string>): HistoryCache {
    return new HistoryCache(join(cacheDir, FOLDER), root, new Set(linted));
  }

  /** Unusable when the folder is not private or the build cannot be told apart. */
  private cache(): { file: string; known: Entries } | null {
    if (this.opened === undefined) {
      const file = workspaceCacheFile(this.dir, this.root, '.json');
      this.opened = file ? { file, known: readEntries(file) } : null;
    }
    return this.opened;
  }

  /** Reads the cache file now (while the parser compiles, lint-run.ts) when any of these files is history. */
  prefetch(members: readonly string[]): void {
    if (members.some((p) => !this.linted.has(p))) this.cache();
  }

  get(path: string, text: string): FileEvents | undefined {
    const cache = this.linted.has(path) ? null : this.cache();
    if (!cache) return undefined;
    const events = this.used.get(text) ?? cache.known.get(text);
    if (events) this.used.set(text, events);
    return events;
  }

  set(path: string, text: string, events: FileEvents): void {
    if (this.linted.has(path) || !this.cache()) return;
    this.used.set(text, events);
    this.changed = true;
  }

  /** Writes the file when the run computed new entries; a failure only costs the next run its speed. */
  save(): void {
    const cache = this.opened;
    if (!this.changed || !cache) return;
    const kept = new Map([...cache.known, ...this.used]);
    const entries = kept.size > MAX_ENTRIES ? this.used : kept;
    writeCacheFile(cache.file, asciiJson(toStored(entries)));
  }
}

/** JSON with every non-ASCII character escaped (`\uXXXX` means the same character to JSON.parse). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The file's content: every distinct name once, and the entries whose events' targets (and names' parents) are their numbers there. */
interface Stored {
  names: Numbered<NameRef, 'parent'>[];
  entries: [string, Omit<FileEvents, 'events'> & { events: Numbered<NameEvent, 'target'>[] }][];
}
type Numbered<T, K extends keyof T> = Omit<T, K> & { [P in K]: number };

function toStored(entries: Entries): Stored {
  const names: Stored['names'] = [];
  const numbers = new Map<string, number>();
  const numberOf = (name: NameRef): number => {
    const key = JSON.stringify(name);
    let n = numbers.get(key);
    if (n === undefined) {
      const { parent, ...own } = name;
      const stored = parent ? { ...own, parent: numberOf(parent) } : own;
      n = names.push(stored as Stored['names'][number]) - 1;
      numbers.set(key, n);
    }
    return n;
  };
  const stored = [...entries].map(([text, file]): Stored['entries'][number] => [text, { ...file, events: file.events.map((e) => ({ ...e, target: numberOf(e.target) })) }]);
  return { names, entries: stored };
}

/** The entries of a stored file, each name one object shared by the events naming it (nothing changes an event's target). */
function fromStored(stored: Stored): Entries {
  const names = stored.names as unknown as NameRef[];
  for (const name of stored.names) if (name.parent !== undefined) (name as unknown as NameRef).parent = names[name.parent];
  for (const [, file] of stored.entries) for (const e of file.events) (e as unknown as NameEvent).target = names[e.target];
  return new Map(stored.entries as unknown as [string, FileEvents][]);
}

function readEntries(file: string): Entries {
  try {
    const parsed = JSON.parse(readUtf8(file)) as Partial<Stored> | null;
    return Array.isArray(parsed?.names) && Array.isArray(parsed.entries) ? fromStored(parsed as Stored) : new Map();
  } catch {
    return new Map(); // none yet, or unreadable: computed again
  }
}
