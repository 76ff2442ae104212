/**
 * The schema a preview produced, read from pg_catalog (introspect.ts). Plain data: it crosses the
 * worker boundary, feeds the Schema tree, `schema --format json`, and the DDL renderer (render.ts).
 * Objects that existed before the first migration (a preset's or setupSql's baseline) are left out.
 */

/** The migration file, and the line in it, that created or last changed an object. */
export interface Origin {
  path: string;
  /** 1-based: the statement's first line, or the line of the column, constraint or index definition in it. */
  line: number;
  /** How the migration is named: its folder for Prisma (`20240101120000_init`), else the file name. */
  migration?: string;
}

export interface SchemaModel {
  schemas: SchemaInfo[];
  extensions: ExtensionInfo[];
}

export interface SchemaInfo {
  name: string;
  origin?: Origin;
  tables: TableInfo[];
  views: ViewInfo[];
  functions: FunctionInfo[];
  types: TypeInfo[];
  sequences: SequenceInfo[];
}

export type TableKind = 'table' | 'partitioned table' | 'foreign table';

export interface TableInfo {
  name: string;
  kind: TableKind;
  rowLevelSecurity: boolean;
  forceRowLevelSecurity: boolean;
  /** `FOR VALUES …` of a partition, with its parent. */
  partitionOf?: { parent: string; bound: string };
  partitionKey?: string;
  comment?: string;
  columns: ColumnInfo[];
  constraints: ConstraintInfo[];
  indexes: IndexInfo[];
  triggers: TriggerInfo[];
  policies: PolicyInfo[];
  /** The table predates the migrations (a preset's); it is listed for what migrations added to it. */
  baseline?: boolean;
  origin?: Origin;
}

export interface ColumnInfo {
  name: string;
  /** As format_type() prints it, e.g. `character varying(40)`. */
  type: string;
  notNull: boolean;
  default?: string;
  identity?: 'always' | 'by default';
  /** Expression of a `GENERATED ALWAYS AS (…) STORED|VIRTUAL` column. */
  generated?: { expression: string; stored: boolean };
  comment?: string;
  origin?: Origin;
}

export type ConstraintType = 'primary key' | 'foreign key' | 'unique' | 'check' | 'exclusion' | 'trigger';

export interface ConstraintInfo {
  name: string;
  type: ConstraintType;
  /** pg_get_constraintdef(), e.g. `FOREIGN KEY (a) REFERENCES t(id) NOT VALID`. */
  definition: string;
  validated: boolean;
  origin?: Origin;
}

export interface IndexInfo {
  name: string;
  /** pg_get_indexdef(). */
  definition: string;
  unique: boolean;
  primary: boolean;
  /** False after a failed CREATE INDEX CONCURRENTLY. */
  valid: boolean;
  /** The constraint the index backs (primary key, unique, exclusion). */
  constraint?: string;
  origin?: Origin;
}

export interface TriggerInfo {
  name: string;
  definition: string;
  enabled: boolean;
  origin?: Origin;
}

export interface PolicyInfo {
  name: string;
  command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  permissive: boolean;
  roles: string[];
  using?: string;
  withCheck?: string;
  origin?: Origin;
}

export interface ViewInfo {
  name: string;
  materialized: boolean;
  definition: string;
  columns: { name: string; type: string }[];
  /** Materialized views can be indexed. */
  indexes: IndexInfo[];
  comment?: string;
  origin?: Origin;
}

export interface FunctionInfo {
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  /** pg_get_function_identity_arguments(). */
  arguments: string;
  returns?: string;
  language: string;
  /** pg_get_functiondef() (absent for aggregates). */
  definition?: string;
  origin?: Origin;
}

export type TypeInfo =
  | { name: string; kind: 'enum'; values: string[]; origin?: Origin }
  | { name: string; kind: 'domain'; baseType: string; notNull: boolean; default?: string; constraints: { name: string; definition: string }[]; origin?: Origin }
  | { name: string; kind: 'composite'; attributes: { name: string; type: string }[]; origin?: Origin }
  | { name: string; kind: 'range'; subtype: string; origin?: Origin };

export interface SequenceInfo {
  name: string;
  type: string;
  /** int8 values as text: PGlite would round them through a JS number. */
  start: string;
  min: string;
  max: string;
  increment: string;
  cache: string;
  cycle: boolean;
  /** `table.column` of an owning serial or identity column. */
  ownedBy?: string;
  /** Created by an identity column (its DDL is part of the column). */
  identity: boolean;
  origin?: Origin;
}

export interface ExtensionInfo {
  name: string;
  version: string;
  schema: string;
  origin?: Origin;
}

export function emptySchema(): SchemaModel {
  return { schemas: [], extensions: [] };
}
