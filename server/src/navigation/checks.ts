/**
 * What the schema rules (column-does-not-exist, object-dropped-earlier, column-added-twice) read:
 * the object timeline of the migrations applied before this file and of this file, built once
 * per linted file. A file that may change the schema unseen (a statement that does not parse, a
 * DO block running dynamic SQL) makes them quiet: a false error is worse than a miss. So does a
 * file the runner never applies (an orphan): where it would run, and so what it would meet, is a
 * guess; file-missing-from-journal reports it once.
 */
import type { ParsedFile } from '../parse/parser';
import { LruCache } from '../parse/cache';
import { LineIndex } from '../parse/positions';
import type { RelatedLocation, RuleContext } from '../rules/types';
import { fileEvents, tokenName } from './events';
import type { FileEvents, PriorFile } from './model';
import { Timeline, type Occurrence, type SchemaObject } from './timeline';

export interface SetView {
  timeline: Timeline;
  /** This file's index in the timeline (after the earlier migrations). */
  index: number;
  /** Nothing may be claimed missing: some file before or this one changes the schema unseen. */
  quiet: boolean;
  related(occ: Occurrence, message: string): RelatedLocation;
  /** `0001_init.sql:3` for an occurrence. */
  where(occ: Occurrence): string;
  /** The occurrence's name token as written (a long name in full, where the timeline holds the 63 bytes PostgreSQL keeps). */
  written(occ: Occurrence): string;
}

const views = new WeakMap<ParsedFile, SetView>();
/** The timeline of a whole set, shared by its files' checks (a CLI run lints hundreds of them). */
const wholeSets = new WeakMap<readonly PriorFile[], Timeline>();
/**
 * The timeline of the files before an edited one (its set context's priorFiles, one array while
 * the set does not change), extended by the file's own events on each lint: typing in a
 * migration after hundreds of others resolves only its own events again, not theirs. Only the
 * last few are kept: the background lint of every down file of a set would otherwise keep a
 * timeline of the files before each (quadratic memory), where one lint each needs none again.
 */
const priorTimelines = new LruCache<readonly PriorFile[], Timeline>(4);
/**
 * The last base built, grown when the next file's earlier files extend its own: a set's down
 * files, linted in order, read ever longer runs of its up files (each up to its twin), and a CLI
 * run of ente's 124 down files resolved about 7,700 files' events instead of 124 (CPU profile:
 * 11 % of the real-history corpus run). Grown, it is the timeline a fresh build of them gives.
 */
let growing: { prior: readonly PriorFile[]; timeline: Timeline } | undefined;

function priorTimeline(prior: readonly PriorFile[]): Timeline {
  let base = priorTimelines.get(prior);
  if (base) return base;
  const last = growing;
  if (last && last.prior.length <= prior.length && last.prior.every((f, i) => f === prior[i])) {
    priorTimelines.delete(last.prior);
    base = last.timeline;
    base.append(prior.slice(last.prior.length).map((p) => p.events));
  } else base = new Timeline(prior.map((p) => p.events));
  priorTimelines.set(prior, base);
  growing = { prior, timeline: base };
  return base;
}

export function setView(ctx: RuleContext): SetView {
  let view = views.get(ctx.file);
  if (view) return view;
  const whole = ctx.setFiles();
  let texts: { path?: string; text: string }[];
  let index: number;
  let quiet: boolean;
  let prior: readonly PriorFile[] | undefined;
  let own: FileEvents | undefined;
  const set = whole && whole.index >= 0 && whole.files[whole.index]?.text === ctx.file.text ? whole.files : undefined;
  if (set) {
    // This file as the set holds it: the set's timeline, of which only what comes before matters here.
    index = whole!.index;
    texts = set.map((f, i) => ({ path: i === index ? undefined : f.path, text: f.text }));
    quiet = set.slice(0, index + 1).some((f) => f.events.opaque);
  } else {
    prior = ctx.priorFiles();
    own = fileEvents(ctx.file);
    texts = [...prior.map((p) => ({ path: p.path, text: p.text })), { path: undefined, text: ctx.file.text }];
    index = prior.length;
    quiet = own.opaque || prior.some((p) => p.events.opaque);
  }
  if (ctx.unapplied) quiet = true;
  // Built when first read: the checks read nothing of a quiet view, and a timeline of every
  // earlier file for each down file of a set made a CLI run quadratic in the set's size.
  let timeline: Timeline | undefined;
  const timelineOf = (): Timeline => {
    if (timeline?.current) return timeline;
    if (set) {
      timeline = wholeSets.get(set) ?? new Timeline(set.map((f) => f.events));
      wholeSets.set(set, timeline);
    } else if (prior!.length === 0) {
      // A file alone: nothing to keep between lints.
      timeline = new Timeline([own!]);
    } else {
      const base = priorTimeline(prior!);
      // Only the latest extension of a base holds its file: one read after another file's lint is extended again.
      timeline = base.withLast(own!);
    }
    return timeline;
  };
  const lines = new Map<number, LineIndex>();
  const lineIndex = (file: number) => {
    let l = lines.get(file);
    if (!l) lines.set(file, (l = new LineIndex(texts[file].text)));
    return l;
  };
  view = {
    get timeline() {
      return timelineOf();
    },
    index,
    quiet,
    related: (occ, message) => {
      const l = lineIndex(occ.file);
      return { message, ...(texts[occ.file].path ? { path: texts[occ.file].path } : {}), range: { start: l.positionAt(occ.event.start), end: l.positionAt(occ.event.end) } };
    },
    where: (occ) => {
      const file = texts[occ.file].path;
      const line = lineIndex(occ.file).positionAt(occ.event.start).line + 1;
      return file ? `${file.split(/[\\/]/).slice(-2).join('/')}:${line}` : `line ${line}`;
    },
    written: (occ) => tokenName(texts[occ.file].text, occ.event),
  };
  views.set(ctx.file, view);
  return view;
}

/** Did the object exist just before an occurrence (created, not dropped since)? */
export function existedBefore(object: SchemaObject, seq: number): boolean {
  let alive = false;
  for (const o of object.lifecycle) {
    if (o.seq >= seq) break;
    if (o.event.event === 'create') alive = true;
    else if (o.event.event === 'drop') alive = false;
  }
  return alive;
}

/** The object's last creation before an occurrence. */
export function creationBefore(object: SchemaObject, seq: number): Occurrence | undefined {
  let made: Occurrence | undefined;
  for (const o of object.lifecycle) {
    if (o.seq >= seq) break;
    if (o.event.event === 'create') made = o;
  }
  return made;
}

/** An occurrence the schema rules judge: run now (not in a function body, not in a DO block, which may guard it), not IF [NOT] EXISTS, not guessed. */
export function judged(o: Occurrence): boolean {
  return !o.event.nested && !o.event.conditional && !o.event.soft;
}
