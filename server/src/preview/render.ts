/**
 * Two views of a SchemaModel: DDL (for the schema diff view and `schema --format sql`) and an
 * indented text tree (`schema --format tree`). Both are deterministic: objects sorted by name,
 * so that a diff shows only what changed.
 */
import { quoteIdent } from '../parse/ast';
import type { ColumnInfo, ConstraintInfo, Origin, PolicyInfo, SchemaModel, SequenceInfo, TableInfo, TypeInfo } from './schema-model';

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const sorted = <T extends { name: string }>(xs: T[]): T[] => [...xs].sort(byName);
const q = (schema: string, name: string): string => `${quoteIdent(schema)}.${quoteIdent(name)}`;

export function schemaToSql(model: SchemaModel): string {
  const out: string[] = [];
  for (const e of sorted(model.extensions)) out.push(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)} WITH SCHEMA ${quoteIdent(e.schema)};`);
  const schemas = sorted(model.schemas);
  for (const s of schemas) if (s.origin) out.push(`CREATE SCHEMA ${quoteIdent(s.name)};`);
  for (const s of schemas) for (const t of sorted(s.types)) out.push(typeSql(s.name, t));
  for (const s of schemas) for (const seq of sorted(s.sequences)) if (!seq.identity) out.push(sequenceSql(s.name, seq));
  for (const s of schemas) for (const f of sorted(s.functions)) if (f.definition) out.push(`${f.definition};`);
  for (const s of schemas) for (const t of sorted(s.tables)) out.push(...tableSql(s.name, t));
  // Foreign keys last: they may point at any table. NOT VALID only holds in ALTER TABLE.
  for (const s of schemas) for (const t of sorted(s.tables)) for (const c of sorted(t.constraints)) {
    if (!inline(c)) out.push(`ALTER TABLE ${q(s.name, t.name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`);
  }
  for (const s of schemas) for (const seq of sorted(s.sequences)) {
    if (seq.ownedBy && !seq.identity) out.push(`ALTER SEQUENCE ${q(s.name, seq.name)} OWNED BY ${seq.ownedBy};`);
  }
  for (const s of schemas) for (const v of sorted(s.views)) {
    out.push(`CREATE ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${q(s.name, v.name)} AS\n${v.definition.replace(/;$/, '')};`);
    for (const i of sorted(v.indexes)) out.push(`${i.definition};`);
  }
  for (const s of schemas) for (const t of sorted(s.tables)) {
    for (const tr of sorted(t.triggers)) out.push(`${tr.definition};`);
    for (const p of sorted(t.policies)) out.push(policySql(s.name, t.name, p));
  }
  return out.join('\n\n') + (out.length ? '\n' : '');
}

export function sequenceSql(schema: string, seq: SequenceInfo): string {
  const cycle = seq.cycle ? ' CYCLE' : '';
  return `CREATE SEQUENCE ${q(schema, seq.name)} AS ${seq.type} INCREMENT BY ${seq.increment} MINVALUE ${seq.min} MAXVALUE ${seq.max} START WITH ${seq.start} CACHE ${seq.cache}${cycle};`;
}

export function typeSql(schema: string, t: TypeInfo): string {
  const name = q(schema, t.name);
  switch (t.kind) {
    case 'enum':
      return `CREATE TYPE ${name} AS ENUM (${t.values.map(literal).join(', ')});`;
    case 'domain': {
      const parts = [`CREATE DOMAIN ${name} AS ${t.baseType}`];
      if (t.default !== undefined) parts.push(`DEFAULT ${t.default}`);
      if (t.notNull) parts.push('NOT NULL');
      for (const c of sorted(t.constraints)) parts.push(`CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
      return `${parts.join(' ')};`;
    }
    case 'composite':
      return `CREATE TYPE ${name} AS (${t.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ')});`;
    case 'range':
      return `CREATE TYPE ${name} AS RANGE (SUBTYPE = ${t.subtype});`;
  }
}

function tableSql(schema: string, t: TableInfo): string[] {
  const name = q(schema, t.name);
  const out: string[] = [];
  if (t.partitionOf) out.push(`CREATE TABLE ${name} PARTITION OF ${t.partitionOf.parent} ${t.partitionOf.bound};`);
  else {
    const lines = t.columns.map((c) => `    ${columnSql(c)}`);
    for (const c of sorted(t.constraints)) if (inline(c)) lines.push(`    CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
    const foreign = t.kind === 'foreign table' ? 'FOREIGN ' : '';
    const partition = t.partitionKey ? ` PARTITION BY ${t.partitionKey}` : '';
    out.push(`CREATE ${foreign}TABLE ${name} (\n${lines.join(',\n')}\n)${partition};`);
  }
  if (t.rowLevelSecurity) out.push(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;`);
  if (t.forceRowLevelSecurity) out.push(`ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;`);
  if (t.comment !== undefined) out.push(`COMMENT ON TABLE ${name} IS ${literal(t.comment)};`);
  for (const c of t.columns) if (c.comment !== undefined) out.push(`COMMENT ON COLUMN ${name}.${quoteIdent(c.name)} IS ${literal(c.comment)};`);
  for (const i of sorted(t.indexes)) if (!i.constraint) out.push(`${i.definition};`);
  return out;
}

function inline(c: ConstraintInfo): boolean {
  return c.type !== 'foreign key' && c.validated;
}

export function columnSql(c: ColumnInfo): string {
  const parts = [quoteIdent(c.name), c.type];
  if (c.identity) parts.push(`GENERATED ${c.identity.toUpperCase()} AS IDENTITY`);
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  if (c.default !== undefined) parts.push(`DEFAULT ${c.default}`);
  if (c.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}

export function policySql(schema: string, table: string, p: PolicyInfo): string {
  let sql = `CREATE POLICY ${quoteIdent(p.name)} ON ${q(schema, table)}`;
  if (!p.permissive) sql += ' AS RESTRICTIVE';
  sql += ` FOR ${p.command} TO ${p.roles.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ')}`;
  if (p.using) sql += ` USING (${p.using})`;
  if (p.withCheck) sql += ` WITH CHECK (${p.withCheck})`;
  return `${sql};`;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** An indented tree; `origins` appends `  ← file:line` to each object. */
export function schemaToTree(model: SchemaModel, opts: { origins?: boolean } = {}): string {
  const lines: string[] = [];
  const add = (depth: number, text: string, origin?: Origin): void => {
    lines.push(`${'  '.repeat(depth)}${text}${opts.origins && origin ? `  ← ${origin.path}:${origin.line}` : ''}`);
  };
  for (const s of sorted(model.schemas)) {
    add(0, `schema ${s.name}`, s.origin);
    for (const t of sorted(s.tables)) tableTree(t, add);
    for (const v of sorted(s.views)) {
      add(1, `${v.materialized ? 'materialized view' : 'view'} ${v.name}`, v.origin);
      for (const c of v.columns) add(2, `${c.name} ${c.type}`);
      for (const i of sorted(v.indexes)) add(2, `index ${i.name}`, i.origin);
    }
    for (const f of sorted(s.functions)) add(1, `${f.kind} ${f.name}(${f.arguments})${f.returns ? ` → ${f.returns}` : ''}`, f.origin);
    for (const t of sorted(s.types)) add(1, typeTree(t), t.origin);
    for (const seq of sorted(s.sequences)) add(1, `sequence ${seq.name} ${seq.type}${seq.ownedBy ? ` owned by ${seq.ownedBy}` : ''}`, seq.origin);
  }
  if (model.extensions.length) {
    add(0, 'extensions');
    for (const e of sorted(model.extensions)) add(1, `${e.name} ${e.version} (schema ${e.schema})`, e.origin);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

type Add = (depth: number, text: string, origin?: Origin) => void;

function tableTree(t: TableInfo, add: Add): void {
  const flags = [t.kind !== 'table' ? t.kind : '', t.rowLevelSecurity ? 'RLS' : '', t.baseline ? 'baseline' : ''].filter(Boolean);
  add(1, `table ${t.name}${flags.length ? ` [${flags.join(', ')}]` : ''}`, t.origin);
  for (const c of t.columns) {
    const extra = [
      c.notNull ? 'NOT NULL' : '',
      c.identity ? `GENERATED ${c.identity.toUpperCase()} AS IDENTITY` : '',
      c.generated ? `GENERATED AS (${c.generated.expression})` : '',
      c.default !== undefined ? `DEFAULT ${c.default}` : '',
    ].filter(Boolean);
    add(2, `${c.name} ${c.type}${extra.length ? ` ${extra.join(' ')}` : ''}`, c.origin);
  }
  for (const c of sorted(t.constraints)) add(2, `constraint ${c.name} ${c.definition}`, c.origin);
  for (const i of sorted(t.indexes)) add(2, `index ${i.name}${i.valid ? '' : ' [INVALID]'}`, i.origin);
  for (const tr of sorted(t.triggers)) add(2, `trigger ${tr.name}${tr.enabled ? '' : ' [disabled]'}`, tr.origin);
  for (const p of sorted(t.policies)) add(2, `policy ${p.name} ${p.command} TO ${p.roles.join(', ')}`, p.origin);
}

function typeTree(t: TypeInfo): string {
  switch (t.kind) {
    case 'enum':
      return `enum ${t.name} (${t.values.join(', ')})`;
    case 'domain':
      return `domain ${t.name} ${t.baseType}${t.notNull ? ' NOT NULL' : ''}`;
    case 'composite':
      return `type ${t.name} (${t.attributes.map((a) => `${a.name} ${a.type}`).join(', ')})`;
    case 'range':
      return `range ${t.name} (${t.subtype})`;
  }
}
