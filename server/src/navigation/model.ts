/**
 * The shapes of the schema events of a migration file (names a statement creates, alters,
 * renames, drops or uses): what navigation/events.ts builds and the timeline, the schema rules
 * and the editor's navigation read. Types only, so that the rules' context can name them
 * without importing the builder (which reads the rules' token scanner).
 */
export type ObjectKind =
  | 'schema'
  | 'table'
  | 'view'
  | 'materialized view'
  | 'sequence'
  | 'index'
  | 'column'
  | 'constraint'
  | 'type'
  | 'enum value'
  | 'function'
  | 'trigger'
  | 'policy';

export type EventKind = 'create' | 'alter' | 'rename' | 'drop' | 'use';

/** A name as written in a statement, qualified with its schema (or its table/type for members). */
export interface NameRef {
  kind: ObjectKind;
  /** The schema of a schema-level object (`public` when unqualified); undefined for members. */
  schema?: string;
  name: string;
  /** The table of a column, constraint, trigger, policy or index; the type of an enum value. */
  parent?: NameRef;
}

/** What a statement says about an object besides its name (for hover and the schema model). */
export interface Attrs {
  /** A column's type as written (`bigint`, `varchar(20)`, `status[]`). */
  type?: string;
  notNull?: boolean;
  /** A function's `(a integer, b text) RETURNS trigger`. */
  signature?: string;
  /** An enum value's place: before or after a neighbour. */
  before?: string;
  after?: string;
  /** An enum's values, in order (on the type's create event). */
  values?: string[];
  /** What an ALTER does, in a few words (`SET NOT NULL`, `TYPE text`). */
  change?: string;
  /** A table whose columns are not all written in its statement (LIKE, INHERITS, PARTITION OF, OF type, AS SELECT, IF NOT EXISTS, TEMP). */
  openColumns?: boolean;
  /** A temporary table: it may hide a table of the same name, which is seen again once it is dropped. */
  temp?: boolean;
}

export interface NameEvent {
  event: EventKind;
  target: NameRef;
  /** UTF-16 offsets of the name's token in the file (inside the quotes of an enum value). */
  start: number;
  end: number;
  /** Index of the top-level statement in `ParsedFile.statements`. */
  stmt: number;
  /** A rename's new name. */
  newName?: string;
  /** CREATE … IF NOT EXISTS / DROP … IF EXISTS / ADD COLUMN IF NOT EXISTS. */
  conditional?: boolean;
  /** A use found by guessing the table of an unqualified column (SELECT lists, WHERE): counted only when the column exists. */
  soft?: boolean;
  /** Inside a DO block or a function body. */
  nested?: 'do' | 'function';
  attrs?: Attrs;
}

export interface StatementOutline {
  start: number;
  end: number;
  /** The statement's node kind (`CreateStmt`): the outline's label when its text gives none (outlineLabel in events.ts). */
  statement: string;
  /** The kind of its main object; undefined when it names none. */
  kind: ObjectKind | undefined;
  /** Range of the main name (the statement's start when it has none). */
  nameStart: number;
  nameEnd: number;
}

export interface FileEvents {
  events: NameEvent[];
  statements: StatementOutline[];
  /**
   * The file may change the schema in ways its events do not show: a statement that does not
   * parse, a DO block running EXECUTE (dynamic SQL), or a ROLLBACK. Checks that claim an object is missing
   * stay quiet after such a file.
   */
  opaque: boolean;
  /** Where the first such statement (or syntax error) starts: what comes before it is as the events say. */
  opaqueFrom?: number;
}

/** A migration applied before the one being checked, with its events (for rules that need the set's schema). */
export interface PriorFile {
  /** Absolute path; absent for the up section of the file being checked (a goose or dbmate file). */
  path?: string;
  text: string;
  events: FileEvents;
}
