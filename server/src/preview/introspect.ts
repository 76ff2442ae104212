/**
 * Reads pg_catalog once, in one round trip, into a SchemaModel. Every row carries its `xmin`
 * (the transaction that wrote it) as text; `originOf` turns that into the migration file and
 * line that created or last changed the object, or undefined for baseline objects.
 * int8 and xid values are read as text: PGlite would parse them through a JS number.
 */
import type {
  ColumnInfo, ConstraintInfo, ConstraintType, FunctionInfo, IndexInfo, Origin, PolicyInfo, SchemaInfo, SchemaModel,
  SequenceInfo, TableInfo, TableKind, TriggerInfo, TypeInfo, ViewInfo,
} from './schema-model';

/** What introspect needs of a database: PGlite's `exec` shape (one result per statement of a multi-statement string). */
export interface CatalogSource {
  exec(sql: string): Promise<{ rows: unknown[] }[]>;
}

/**
 * `names`: identifiers the object's statement mentions, to find the statement within the file;
 * `focus`: the object's own name (a column, constraint or index), to find its line within the statement.
 */
export type OriginOf = (xid: string | null | undefined, names: string[], focus?: string) => Origin | undefined;

const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;
/** Not a member of an extension ('e'), nor (with 'i') made as part of another object. */
const NOT_MADE_BY = (catalog: string, oid: string, deptypes = `'e'`): string =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype IN (${deptypes}))`;
const USER_RELATIONS = `SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_NS} AND ${NOT_MADE_BY('pg_class', 'c.oid')}`;

const QUERIES = {
  schemas: `SELECT n.nspname AS name, n.xmin::text AS xmin FROM pg_catalog.pg_namespace n WHERE ${USER_NS}`,
  relations: `SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.relrowsecurity AS rls,
      c.relforcerowsecurity AS force_rls, obj_description(c.oid, 'pg_class') AS comment,
      CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_def,
      CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS part_key,
      CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS part_bound,
      CASE WHEN c.relispartition THEN (SELECT i.inhparent::regclass::text FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid LIMIT 1) END AS parent,
      -- Adding the first trigger (an FK's RI triggers too) rewrites the pg_class row: not a change of the table itself.
      CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND t.xmin = c.xmin)
        THEN ty.xmin ELSE c.xmin END::text AS xmin
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_type ty ON ty.oid = c.reltype
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND c.oid IN (${USER_RELATIONS}) ORDER BY c.relname`,
  columns: `SELECT a.attrelid AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
      pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity, a.attgenerated AS generated,
      col_description(a.attrelid, a.attnum) AS comment, GREATEST(a.xmin::text::bigint, d.xmin::text::bigint)::text AS xmin
    FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid IN (${USER_RELATIONS}) ORDER BY a.attrelid, a.attnum`,
  constraints: `SELECT co.conrelid AS rel, co.contypid AS typ, co.conname AS name, co.contype AS type,
      pg_get_constraintdef(co.oid, true) AS def, co.convalidated AS validated, co.xmin::text AS xmin
    FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_namespace n ON n.oid = co.connamespace
    WHERE co.contype <> 'n' AND ${USER_NS} ORDER BY co.conname`,
  indexes: `SELECT i.indrelid AS rel, ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS uniq,
      i.indisprimary AS primary, i.indisvalid AS valid, ic.xmin::text AS xmin,
      (SELECT co.conname FROM pg_catalog.pg_constraint co WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid LIMIT 1) AS constraint
    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    WHERE i.indrelid IN (${USER_RELATIONS}) ORDER BY ic.relname`,
  triggers: `SELECT t.tgrelid AS rel, t.tgname AS name, pg_get_triggerdef(t.oid, true) AS def, t.tgenabled <> 'D' AS enabled, t.xmin::text AS xmin
    FROM pg_catalog.pg_trigger t WHERE NOT t.tgisinternal AND t.tgrelid IN (${USER_RELATIONS}) ORDER BY t.tgname`,
  policies: `SELECT p.polrelid AS rel, p.polname AS name, p.polcmd AS cmd, p.polpermissive AS permissive,
      CASE WHEN p.polroles = '{0}' THEN ARRAY['public']
        ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.oid = ANY (p.polroles) ORDER BY 1) END AS roles,
      pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS check, p.xmin::text AS xmin
    FROM pg_catalog.pg_policy p WHERE p.polrelid IN (${USER_RELATIONS}) ORDER BY p.polname`,
  functions: `SELECT n.nspname AS schema, p.proname AS name, p.prokind AS kind, pg_get_function_identity_arguments(p.oid) AS args,
      pg_get_function_result(p.oid) AS result, l.lanname AS language,
      CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS def, p.xmin::text AS xmin
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace JOIN pg_catalog.pg_language l ON l.oid = p.prolang
    -- Internal ones ('i') are made by another object: a range type's constructor functions.
    WHERE ${USER_NS} AND ${NOT_MADE_BY('pg_proc', 'p.oid', `'e', 'i'`)} ORDER BY p.proname, 4`,
  types: `SELECT t.oid, n.nspname AS schema, t.typname AS name, t.typtype AS kind,
      ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
      format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull AS not_null, t.typdefault AS def,
      (SELECT format_type(r.rngsubtype, NULL) FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid) AS subtype,
      GREATEST(t.xmin::text::bigint, (SELECT max(e.xmin::text::bigint) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid))::text AS xmin,
      t.typrelid AS rel
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE ${USER_NS} AND ${NOT_MADE_BY('pg_type', 't.oid')}
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
    ORDER BY t.typname`,
  typeAttributes: `SELECT a.attrelid AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    WHERE c.relkind = 'c' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum`,
  sequences: `SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start,
      s.seqmin::text AS min, s.seqmax::text AS max, s.seqincrement::text AS increment, s.seqcache::text AS cache,
      s.seqcycle AS cycle, c.xmin::text AS xmin,
      o.rel::regclass::text || '.' || quote_ident(o.col) AS owned_by, (SELECT oc.relname FROM pg_catalog.pg_class oc WHERE oc.oid = o.rel) AS owner_table,
      o.col AS owner_column, EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i') AS identity
    FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN LATERAL (SELECT d.refobjid AS rel, a.attname AS col FROM pg_catalog.pg_depend d
        JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') LIMIT 1) o ON true
    WHERE c.oid IN (${USER_RELATIONS}) ORDER BY c.relname`,
  extensions: `SELECT e.extname AS name, e.extversion AS version, n.nspname AS schema, e.xmin::text AS xmin
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname <> 'plpgsql' ORDER BY e.extname`,
};

type Row = Record<string, unknown>;
type Rows = Record<keyof typeof QUERIES, Row[]>;

export async function introspect(db: CatalogSource, originOf: OriginOf): Promise<SchemaModel> {
  const keys = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
  const results = await db.exec(keys.map((k) => QUERIES[k]).join(';\n'));
  const rows = Object.fromEntries(keys.map((k, i) => [k, results[i].rows as Row[]])) as Rows;
  return buildModel(rows, originOf);
}

const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function buildModel(rows: Rows, originOf: OriginOf): SchemaModel {
  const schemas = new Map<string, SchemaInfo>();
  const schemaOf = (name: string): SchemaInfo => {
    let s = schemas.get(name);
    if (!s) schemas.set(name, (s = { name, tables: [], views: [], functions: [], types: [], sequences: [] }));
    return s;
  };

  // A table changes when its columns do (ADD COLUMN, ALTER COLUMN … TYPE): its origin is the latest of them.
  const latestColumn = new Map<number, number>();
  for (const r of rows.columns) latestColumn.set(Number(r.rel), Math.max(latestColumn.get(Number(r.rel)) ?? 0, Number(r.xmin)));
  const tables = new Map<number, TableInfo>();
  const views = new Map<number, ViewInfo>();
  const relSchema = new Map<number, string>();
  for (const r of rows.relations) {
    const oid = Number(r.oid);
    const name = String(r.name);
    relSchema.set(oid, String(r.schema));
    const origin = originOf(String(Math.max(Number(r.xmin), latestColumn.get(oid) ?? 0)), [name]);
    if (r.kind === 'v' || r.kind === 'm') {
      views.set(oid, { name, materialized: r.kind === 'm', definition: String(r.view_def ?? '').trim(), columns: [], indexes: [], comment: str(r.comment), origin });
    } else {
      tables.set(oid, {
        name, kind: TABLE_KINDS[String(r.kind)], rowLevelSecurity: !!r.rls, forceRowLevelSecurity: !!r.force_rls,
        partitionOf: r.parent ? { parent: String(r.parent), bound: String(r.part_bound) } : undefined,
        partitionKey: str(r.part_key), comment: str(r.comment), columns: [], constraints: [], indexes: [], triggers: [], policies: [], origin,
      });
    }
  }
  const relName = (rel: unknown): string => tables.get(Number(rel))?.name ?? views.get(Number(rel))?.name ?? '';

  for (const r of rows.columns) {
    const rel = Number(r.rel);
    const name = String(r.name);
    const type = String(r.type);
    const view = views.get(rel);
    if (view) view.columns.push({ name, type });
    const table = tables.get(rel);
    if (!table) continue;
    const col: ColumnInfo = { name, type, notNull: !!r.not_null, origin: originOf(str(r.xmin), [table.name, name], name) };
    const identity = IDENTITY[String(r.identity)];
    if (identity) col.identity = identity;
    if (r.generated === 's' || r.generated === 'v') col.generated = { expression: String(r.def), stored: r.generated === 's' };
    else if (r.def !== null && !identity) col.default = String(r.def);
    if (r.comment !== null) col.comment = String(r.comment);
    table.columns.push(col);
  }
  const domainConstraints = new Map<number, { name: string; definition: string }[]>();
  for (const r of rows.constraints) {
    const name = String(r.name);
    if (Number(r.typ)) {
      const list = domainConstraints.get(Number(r.typ)) ?? [];
      list.push({ name, definition: String(r.def) });
      domainConstraints.set(Number(r.typ), list);
      continue;
    }
    const table = tables.get(Number(r.rel));
    if (!table) continue;
    const c: ConstraintInfo = { name, type: CONSTRAINT_TYPES[String(r.type)], definition: String(r.def), validated: !!r.validated, origin: originOf(str(r.xmin), [name, table.name], name) };
    table.constraints.push(c);
  }
  for (const r of rows.indexes) {
    const name = String(r.name);
    const index: IndexInfo = {
      name, definition: String(r.def), unique: !!r.uniq, primary: !!r.primary, valid: !!r.valid,
      constraint: str(r.constraint), origin: originOf(str(r.xmin), [str(r.constraint) ?? name, relName(r.rel)], str(r.constraint) ?? name),
    };
    (tables.get(Number(r.rel)) ?? views.get(Number(r.rel)))?.indexes.push(index);
  }
  for (const r of rows.triggers) {
    const table = tables.get(Number(r.rel));
    const t: TriggerInfo = { name: String(r.name), definition: String(r.def), enabled: !!r.enabled, origin: originOf(str(r.xmin), [String(r.name)]) };
    table?.triggers.push(t);
  }
  for (const r of rows.policies) {
    const table = tables.get(Number(r.rel));
    if (!table) continue;
    const p: PolicyInfo = {
      name: String(r.name), command: POLICY_COMMANDS[String(r.cmd)], permissive: !!r.permissive, roles: (r.roles as string[]) ?? [],
      using: str(r.using), withCheck: str(r.check), origin: originOf(str(r.xmin), [String(r.name)]),
    };
    table.policies.push(p);
  }

  // Baseline tables stay when migrations added something to them (a trigger on auth.users, say).
  for (const [oid, t] of tables) {
    const touched = [...t.columns, ...t.constraints, ...t.indexes, ...t.triggers, ...t.policies].some((x) => x.origin);
    if (!t.origin && !touched) continue;
    if (!t.origin) t.baseline = true;
    schemaOf(relSchema.get(oid)!).tables.push(t);
  }
  for (const [oid, v] of views) if (v.origin || v.indexes.some((i) => i.origin)) schemaOf(relSchema.get(oid)!).views.push(v);

  for (const r of rows.functions) {
    const origin = originOf(str(r.xmin), [String(r.name)]);
    if (!origin) continue;
    const f: FunctionInfo = {
      name: String(r.name), kind: FUNCTION_KINDS[String(r.kind)], arguments: String(r.args ?? ''), returns: str(r.result),
      language: String(r.language), definition: str(r.def)?.trim(), origin,
    };
    schemaOf(String(r.schema)).functions.push(f);
  }
  const attributes = new Map<number, { name: string; type: string }[]>();
  for (const r of rows.typeAttributes) {
    const list = attributes.get(Number(r.rel)) ?? [];
    list.push({ name: String(r.name), type: String(r.type) });
    attributes.set(Number(r.rel), list);
  }
  for (const r of rows.types) {
    const name = String(r.name);
    const origin = originOf(str(r.xmin), [name]);
    if (!origin) continue;
    schemaOf(String(r.schema)).types.push(typeInfo(r, name, origin, domainConstraints, attributes));
  }
  for (const r of rows.sequences) {
    // A serial or identity sequence is made by its column's statement, which rarely writes the sequence's name:
    // look for a statement naming the column and its table (not just the table: a DROP TABLE IF EXISTS before it).
    const origin = originOf(str(r.xmin), [String(r.name), str(r.owner_column) ?? '', str(r.owner_table) ?? '']);
    if (!origin) continue;
    const s: SequenceInfo = {
      name: String(r.name), type: String(r.type), start: String(r.start), min: String(r.min), max: String(r.max),
      increment: String(r.increment), cache: String(r.cache), cycle: !!r.cycle, ownedBy: str(r.owned_by), identity: !!r.identity, origin,
    };
    schemaOf(String(r.schema)).sequences.push(s);
  }
  for (const r of rows.schemas) {
    const origin = originOf(str(r.xmin), [String(r.name)]);
    if (origin) schemaOf(String(r.name)).origin = origin;
  }

  const extensions = rows.extensions
    .map((r) => ({ name: String(r.name), version: String(r.version), schema: String(r.schema), origin: originOf(str(r.xmin), [String(r.name)]) }))
    .filter((e) => e.origin);
  return { schemas: [...schemas.values()].sort((a, b) => a.name.localeCompare(b.name)), extensions };
}

function typeInfo(
  r: Row, name: string, origin: Origin,
  domainConstraints: Map<number, { name: string; definition: string }[]>, attributes: Map<number, { name: string; type: string }[]>,
): TypeInfo {
  switch (r.kind) {
    case 'e':
      return { name, kind: 'enum', values: (r.labels as string[]) ?? [], origin };
    case 'd':
      return { name, kind: 'domain', baseType: String(r.base), notNull: !!r.not_null, default: str(r.def), constraints: domainConstraints.get(Number(r.oid)) ?? [], origin };
    case 'r':
      return { name, kind: 'range', subtype: String(r.subtype), origin };
    default:
      return { name, kind: 'composite', attributes: attributes.get(Number(r.rel)) ?? [], origin };
  }
}

const TABLE_KINDS: Record<string, TableKind> = { r: 'table', p: 'partitioned table', f: 'foreign table' };
const IDENTITY: Record<string, ColumnInfo['identity']> = { a: 'always', d: 'by default' };
const CONSTRAINT_TYPES: Record<string, ConstraintType> = { p: 'primary key', f: 'foreign key', u: 'unique', c: 'check', x: 'exclusion', t: 'trigger' };
const POLICY_COMMANDS: Record<string, PolicyInfo['command']> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };
const FUNCTION_KINDS: Record<string, FunctionInfo['kind']> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
