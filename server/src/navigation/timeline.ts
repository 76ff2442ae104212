/**
 * The object timeline of a migration set: the events of every file (events.ts), in the order the
 * set's runner applies them, resolved to objects. A name means the object that holds it at that
 * point: a renamed column is one object with two names, a table dropped and created again is
 * two objects. Objects a migration uses but no migration of the set creates (Supabase's
 * `auth.users`, an extension's table, one made by dynamic SQL) are kept as objects that are not
 * `created`, so their uses still group, and nothing claims they are missing.
 */
import type { EventKind, FileEvents, NameEvent, NameRef, ObjectKind } from './model';

export interface SchemaObject {
  id: number;
  kind: ObjectKind;
  /** Its name after the last rename of the whole set. */
  name: string;
  /** The schema of a schema-level object. */
  schema?: string;
  parent?: SchemaObject;
  children: SchemaObject[];
  /** A migration of the set creates it (else it comes from elsewhere and is only used). */
  created: boolean;
  /** Its events in apply order. */
  occurrences: Occurrence[];
  /** Its creations and drops, in apply order (what decides whether it exists at a point). */
  lifecycle: Occurrence[];
  /** The names it holds its name among now, while it exists (its name is `name`). */
  heldIn?: Names;
}

/**
 * One namespace: the schemas; a schema's relations (tables, views, sequences and indexes share
 * theirs, as in pg_class), types or functions; one kind of member of an object (a table's
 * columns, its constraints…). Names are looked up in place, namespace then name: a key string
 * per event (`r:public.orders`) cost a concatenation, its flattening and its hash.
 */
export interface Names {
  /** The object holding each name now. */
  live: Map<string, SchemaObject>;
  /** The last drop of each name, for "used after it was dropped" (made at the first drop). */
  dropped?: Map<string, Occurrence>;
}

export interface Occurrence {
  object: SchemaObject;
  event: NameEvent;
  /** Index of the file in the set's apply order. */
  file: number;
  /** Position in the whole set's apply order. */
  seq: number;
  /** The object's name when the statement ran (before a rename). */
  name: string;
  /** A use or alter of a member (column, constraint…) the timeline does not know on a table a migration created. */
  unknownMember?: boolean;
  /** Same name created again while the object existed (no IF NOT EXISTS). */
  duplicate?: Occurrence;
  /** A use or alter of an object a migration dropped earlier (`dropped` is that drop). */
  afterDrop?: Occurrence;
}

/** A point in the apply order: just before statement `stmt` of file `file`. */
export interface Point {
  file: number;
  stmt: number;
}

/** The empty list of every object's children, occurrences or lifecycle until its first (appendTo replaces it): three arrays per object fewer. */
const NONE = Object.freeze([]) as never[];

const byStart = (a: Occurrence, b: Occurrence) => a.event.start - b.event.start;

const before = (o: Occurrence, p: Point) => o.file < p.file || (o.file === p.file && o.event.stmt < p.stmt);

export interface ColumnState {
  object: SchemaObject;
  name: string;
  type?: string;
  notNull: boolean;
}

/** What the names of the next file resolve against: the state after the files resolved so far. */
interface Resolution {
  /** The schemas' names. */
  schemas: Names;
  /** By schema: relations, types and functions (SCHEMA_SPACE). */
  inSchema: [Map<string, Names>, Map<string, Names>, Map<string, Names>];
  /** By parent object (none for a member whose parent is not known) and member kind. */
  members: Map<SchemaObject | undefined, Map<ObjectKind, Names>>;
  seq: number;
}

/** Which of Resolution.inSchema holds a schema-level kind's names. */
const SCHEMA_SPACE: Partial<Record<ObjectKind, 0 | 1 | 2>> = { table: 0, view: 0, 'materialized view': 0, sequence: 0, index: 0, type: 1, function: 2 };

function names(): Names {
  return { live: new Map() };
}

function memberSpaces(): Map<ObjectKind, Names> {
  return new Map();
}

/** The lists of a SchemaObject that resolving appends to. */
type ListField = 'children' | 'occurrences' | 'lifecycle';

/** Steps that put a base timeline back as it was before an extension (withLast), run last first. */
type Undo = (() => void)[];

export class Timeline {
  /** The files resolved, in apply order (append adds to them). */
  readonly files: readonly FileEvents[];
  readonly objects: SchemaObject[];
  /** Occurrences of each file, by start offset. */
  readonly byFile: Occurrence[][];
  private readonly state: Resolution;
  /** The extension of this timeline now in place (withLast), and how to take it back. */
  private extension?: { timeline: Timeline; undo: Undo };
  /** Set on an extension once its base has been extended again: its objects no longer hold its last file. */
  private replaced = false;

  constructor(files: readonly FileEvents[], base?: { timeline: Timeline; undo: Undo }) {
    this.files = [...files];
    if (base) {
      // An extension of `base` by its last file: shares the base's objects, changed with an undo log.
      this.objects = base.timeline.objects;
      this.byFile = [...base.timeline.byFile, []];
      this.state = base.timeline.state;
      this.resolveFile(files.length - 1, base.undo);
      this.byFile[files.length - 1].sort(byStart);
    } else {
      this.objects = [];
      this.byFile = files.map(() => []);
      this.state = { schemas: names(), inSchema: [new Map(), new Map(), new Map()], members: new Map(), seq: 0 };
      for (let fi = 0; fi < files.length; fi++) this.resolveFile(fi);
      for (const list of this.byFile) list.sort(byStart);
    }
  }

  /**
   * This timeline followed by one more file, without resolving this timeline's files again (an
   * edited migration's checks, on every keystroke, after hundreds of earlier ones). The result
   * shares this timeline's objects: the next withLast takes the previous extension back first,
   * so only the latest extension is valid (`current` tells), and this timeline itself may be
   * read only through its extensions meanwhile.
   */
  withLast(file: FileEvents): Timeline {
    this.takeBackExtension();
    const undo: Undo = [];
    const timeline = new Timeline([...this.files, file], { timeline: this, undo });
    this.extension = { timeline, undo };
    return timeline;
  }

  /**
   * Resolves more files after this timeline's, for good: the same timeline as one built of all
   * of them, since files resolve one after the other against the state the earlier ones left.
   * Its current extension (withLast) is taken back first.
   */
  append(files: readonly FileEvents[]): void {
    this.takeBackExtension();
    for (const file of files) {
      const fi = this.files.length;
      (this.files as FileEvents[]).push(file);
      this.byFile.push([]);
      this.resolveFile(fi);
      this.byFile[fi].sort(byStart);
    }
  }

  /** False for an extension that a later withLast of its base replaced. */
  get current(): boolean {
    return !this.replaced;
  }

  private takeBackExtension(): void {
    const ext = this.extension;
    if (!ext) return;
    for (let i = ext.undo.length - 1; i >= 0; i--) ext.undo[i]();
    ext.timeline.replaced = true;
    this.extension = undefined;
  }

  /** The occurrence whose name token holds an offset of a file (its end included, as editors place the cursor). */
  at(file: number, offset: number): Occurrence | undefined {
    const list = this.byFile[file] ?? [];
    let lo = 0;
    let hi = list.length - 1;
    let found: Occurrence | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].event.start <= offset) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && offset <= found.event.end ? found : undefined;
  }

  /** Is the object there at a point (created before it and not dropped since)? */
  exists(object: SchemaObject, p: Point): boolean {
    let alive = !object.created;
    for (const o of object.lifecycle) {
      if (!before(o, p)) break;
      if (o.event.event === 'create') alive = true;
      else if (o.event.event === 'drop') alive = false;
    }
    return alive && (!object.parent || object.kind === 'index' || this.exists(object.parent, p));
  }

  /** The object's name at a point (after the renames before it). */
  nameAt(object: SchemaObject, p: Point): string {
    let name = object.occurrences[0]?.name ?? object.name;
    for (const o of object.occurrences) {
      if (!before(o, p)) break;
      name = o.event.event === 'rename' && o.event.newName ? o.event.newName : o.name;
    }
    return name;
  }

  /** A table's columns at a point, in the order they were added, with their types then. */
  columnsAt(table: SchemaObject, p: Point): ColumnState[] {
    const out: ColumnState[] = [];
    for (const c of table.children) {
      if (c.kind !== 'column' || !c.created || !this.exists(c, p)) continue;
      let type: string | undefined;
      let notNull = false;
      for (const o of c.occurrences) {
        if (!before(o, p)) break;
        if (o.event.event === 'create' && !o.duplicate) notNull = false;
        if (o.event.attrs?.type) type = o.event.attrs.type;
        if (o.event.attrs?.notNull !== undefined) notNull = o.event.attrs.notNull;
      }
      out.push({ object: c, name: this.nameAt(c, p), type, notNull });
    }
    return out;
  }

  /** An enum's values at a point, in their order. */
  enumValuesAt(type: SchemaObject, p: Point): string[] {
    const values: string[] = [];
    const members = type.children.filter((c) => c.kind === 'enum value' && c.created);
    // Values in the order they were added, each placed BEFORE/AFTER its neighbour.
    const adds = members
      .flatMap((m) => m.occurrences.filter((o) => o.event.event === 'create' && before(o, p) && !o.duplicate))
      .sort((a, b) => a.seq - b.seq);
    for (const o of adds) {
      if (!this.exists(o.object, p)) continue;
      const name = this.nameAt(o.object, p);
      const anchor = o.event.attrs?.before ?? o.event.attrs?.after;
      const i = anchor !== undefined ? values.indexOf(anchor) : -1;
      if (i < 0) values.push(name);
      else values.splice(o.event.attrs?.before !== undefined ? i : i + 1, 0, name);
    }
    // A value renamed later keeps its place under its new name.
    return values;
  }

  /** The latest attribute of an object before a point (a function's signature, a domain's type). */
  attrAt<K extends 'signature' | 'type'>(object: SchemaObject, key: K, p: Point): string | undefined {
    let v: string | undefined;
    for (const o of object.occurrences) {
      if (!before(o, p)) break;
      if (o.event.attrs?.[key]) v = o.event.attrs[key];
    }
    return v;
  }

  /** Objects there at a point (schema-level ones and their members). */
  objectsAt(p: Point, kinds?: readonly ObjectKind[]): SchemaObject[] {
    return this.objects.filter((o) => o.created && (!kinds || kinds.includes(o.kind)) && this.exists(o, p));
  }

  /** The last occurrence before a point (for ranking: what was touched last comes first). */
  lastTouch(object: SchemaObject, p: Point): number {
    let seq = -1;
    for (const o of object.occurrences) {
      if (!before(o, p)) break;
      seq = o.seq;
    }
    return seq;
  }

  /** Resolves file `fi`'s events against the state the files before it left; `undo` records every change to shared state. */
  private resolveFile(fi: number, undo?: Undo): void {
    const { schemas, inSchema, members } = this.state;
    const objects = this.objects;
    const seq = this.state.seq;
    undo?.push(() => (this.state.seq = seq));
    /** The entry of a map of namespaces, made when first needed (and taken back with an extension: the parent it is keyed by may be one of its objects). */
    const spaceIn = <K, V>(spaces: Map<K, V>, key: K, make: () => V): V => {
      let found = spaces.get(key);
      if (found === undefined) {
        spaces.set(key, (found = make()));
        undo?.push(() => spaces.delete(key));
      }
      return found;
    };
    const namesOf = (ref: NameRef, parent: SchemaObject | undefined): Names => {
      if (ref.kind === 'schema') return schemas;
      const space = SCHEMA_SPACE[ref.kind];
      if (space !== undefined) return spaceIn(inSchema[space], ref.schema ?? '', names);
      return spaceIn(spaceIn(members, parent, memberSpaces), ref.kind, names);
    };
    // Every change to what the base shares (maps, objects, their lists) goes through these, logged when extending.
    const setLive = (space: Names, name: string, o: SchemaObject | undefined) => {
      const live = space.live;
      if (undo) {
        const was = live.get(name);
        undo.push(() => (was ? live.set(name, was) : live.delete(name)));
      }
      if (o) live.set(name, o);
      else live.delete(name);
    };
    const setField = <K extends 'heldIn' | 'name' | 'created' | ListField>(o: SchemaObject, field: K, value: SchemaObject[K]) => {
      if (undo) {
        const was = o[field];
        undo.push(() => (o[field] = was));
      }
      o[field] = value;
    };
    const append = <T>(list: T[], item: T) => {
      list.push(item);
      undo?.push(() => list.pop());
    };
    /**
     * An object's first child or occurrence replaces its empty list (NONE, shared) by a list of
     * one: a first push reserves 17 slots (V8), and most objects keep one or two occurrences and
     * no children.
     */
    const appendTo = <F extends ListField>(o: SchemaObject, field: F, item: SchemaObject[F][number]) => {
      const list = o[field] as (typeof item)[];
      if (list.length === 0) setField(o, field, [item] as SchemaObject[F]);
      else append(list, item);
    };
    const make = (ref: NameRef, parent: SchemaObject | undefined, created: boolean): SchemaObject => {
      // Every field in the literal (heldIn too): a field added later moves an object's fields out of line.
      const o: SchemaObject = { id: objects.length, kind: ref.kind, name: ref.name, schema: ref.schema, parent, children: NONE, created, occurrences: NONE, lifecycle: NONE, heldIn: undefined };
      append(objects, o);
      if (parent) appendTo(parent, 'children', o);
      return o;
    };
    // A statement's members share their parent's NameRef (a table's columns): its namespace is found once per run of them.
    let lastParent: NameRef | undefined;
    let lastParentNames = schemas;
    /** The parent of a member, as it is now; one not known is taken as made elsewhere (unless soft). */
    const parentOf = (ref: NameRef, soft: boolean): SchemaObject | undefined | null => {
      if (!ref.parent) return undefined;
      if (ref.parent !== lastParent) {
        lastParent = ref.parent;
        lastParentNames = namesOf(ref.parent, undefined);
      }
      const found = lastParentNames.live.get(ref.parent.name);
      if (found) return found;
      // An index is named in its schema: it needs no table to be known.
      if (ref.kind === 'index') return undefined;
      if (soft) return null;
      const p = make(ref.parent, undefined, false);
      hold(lastParentNames, p);
      return p;
    };
    /** The object holds its name (`name`) in a namespace. */
    const hold = (space: Names, o: SchemaObject) => {
      setLive(space, o.name, o);
      setField(o, 'heldIn', space);
    };
    const dropAll = (o: SchemaObject) => {
      if (o.heldIn !== undefined && o.heldIn.live.get(o.name) === o) setLive(o.heldIn, o.name, undefined);
      setField(o, 'heldIn', undefined);
      for (const c of o.children) if (c.heldIn !== undefined) dropAll(c);
    };

    for (const ev of this.files[fi].events) {
      const soft = !!ev.soft;
      const parent = parentOf(ev.target, soft);
      if (parent === null) continue;
      const space = namesOf(ev.target, parent);
      const name = ev.target.name;
      const kind: EventKind = ev.event;
      let object = space.live.get(name);
      const known = object !== undefined;
      if (!object) {
        if (kind !== 'create' && soft) continue;
        object = make(ev.target, parent, kind === 'create');
        hold(space, object);
      }
      const occ: Occurrence = { object, event: ev, file: fi, seq: this.state.seq++, name };
      if (kind === 'create') {
        // A function body's statements do not run now: they never create (events.ts already says `use`).
        if (known) {
          if (!ev.conditional && object.created && ev.target.kind !== 'function') occ.duplicate = object.lifecycle.find((o) => o.event.event === 'create') ?? object.occurrences[0];
          setField(object, 'created', true);
        }
      } else {
        if (!known) {
          const gone = space.dropped?.get(name);
          if (gone && kind !== 'drop') occ.afterDrop = gone;
          else if (parent?.created && kind !== 'drop' && ev.target.kind === 'column') occ.unknownMember = true;
        }
        if (kind === 'rename' && ev.newName) {
          setLive(space, name, undefined);
          setField(object, 'name', ev.newName);
          hold(space, object);
        } else if (kind === 'drop') {
          dropAll(object);
          const dropped = (space.dropped ??= new Map());
          if (undo) {
            const was = dropped.get(name);
            undo.push(() => (was ? dropped.set(name, was) : dropped.delete(name)));
          }
          dropped.set(name, occ);
        }
      }
      appendTo(object, 'occurrences', occ);
      if (kind === 'create' || kind === 'drop') appendTo(object, 'lifecycle', occ);
      this.byFile[fi].push(occ);
    }
  }
}
