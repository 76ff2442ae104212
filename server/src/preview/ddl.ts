/**
 * The DDL of each schema object, for the Schema view's tooltips and "Copy DDL": the object alone
 * in a model of its own, rendered by the same schemaToSql as the diff view and `schema --format sql`.
 * Computed here and sent with the model (SchemaDdl), so the client renders no SQL itself.
 */
import { quoteIdent } from '../parse/ast';
import { schemaToSql } from './render';
import type { ColumnInfo, ExtensionInfo, SchemaInfo, SchemaModel, TableInfo } from './schema-model';

type Render = (model: SchemaModel) => string;

/**
 * The DDL of every object of a model, index for index with its arrays (`schemas[i].tables[j]` is
 * the DDL of `model.schemas[i].tables[j]`); '' where an object renders to nothing.
 */
export interface SchemaDdl {
  extensions: string[];
  schemas: {
    ddl: string;
    tables: { ddl: string; columns: string[]; constraints: string[]; policies: string[] }[];
    views: string[];
    functions: string[];
    types: string[];
    sequences: string[];
  }[];
}

export function schemaDdl(model: SchemaModel, render: Render = schemaToSql): SchemaDdl {
  return {
    extensions: model.extensions.map((e) => extensionDdl(render, e)),
    schemas: model.schemas.map((s) => ({
      ddl: schemaPartDdl(render, s.name, s),
      tables: s.tables.map((t) => ({
        ddl: schemaPartDdl(render, s.name, { tables: [t] }),
        columns: t.columns.map((c) => columnDdl(render, s.name, t, c)),
        constraints: t.constraints.map((c) => tablePartDdl(render, s.name, t, { constraints: [c] })),
        policies: t.policies.map((p) => tablePartDdl(render, s.name, t, { policies: [p] })),
      })),
      views: s.views.map((v) => schemaPartDdl(render, s.name, { views: [v] })),
      functions: s.functions.map((f) => schemaPartDdl(render, s.name, { functions: [f] })),
      types: s.types.map((t) => schemaPartDdl(render, s.name, { types: [t] })),
      sequences: s.sequences.map((q) => schemaPartDdl(render, s.name, { sequences: [q] })),
    })),
  };
}

const bareSchema = (name: string): SchemaInfo => ({ name, tables: [], views: [], functions: [], types: [], sequences: [] });
const bareTable = (t: TableInfo): TableInfo => ({ ...t, rowLevelSecurity: false, forceRowLevelSecurity: false, comment: undefined, columns: [], constraints: [], indexes: [], triggers: [], policies: [] });

/** A schema holding only `part` (a table, a view, a function…). */
export function schemaPartDdl(render: Render, schema: string, part: Partial<SchemaInfo>): string {
  return render({ schemas: [{ ...bareSchema(schema), ...part }], extensions: [] }).trim();
}

export function extensionDdl(render: Render, e: ExtensionInfo): string {
  return render({ schemas: [], extensions: [e] }).trim();
}

/** A part of a table (a constraint, an index, a trigger, a policy): what the table's DDL says beyond its CREATE TABLE. */
export function tablePartDdl(render: Render, schema: string, table: TableInfo, part: Partial<TableInfo>): string {
  const bare = schemaPartDdl(render, schema, { tables: [bareTable(table)] });
  const sql = schemaPartDdl(render, schema, { tables: [{ ...bareTable(table), ...part }] });
  if (sql.startsWith(bare)) return sql.slice(bare.length).trim();
  // A constraint other than a foreign key is rendered inside CREATE TABLE: say it as ALTER TABLE.
  if (part.constraints?.length === 1) {
    const c = part.constraints[0];
    return `ALTER TABLE ${qualified(bare.split('\n')[0])} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`;
  }
  return sql;
}

/** `ALTER TABLE … ADD COLUMN …`, the column's line of the table's DDL. */
export function columnDdl(render: Render, schema: string, table: TableInfo, column: ColumnInfo): string {
  // Not as a partition: PARTITION OF lists no columns.
  const sql = schemaPartDdl(render, schema, { tables: [{ ...bareTable(table), partitionOf: undefined, columns: [column] }] });
  const [head, line] = sql.split('\n');
  return `ALTER TABLE ${qualified(head)} ADD COLUMN ${line.trim()};`;
}

/** The table name of a `CREATE TABLE name (` line. */
function qualified(createLine: string): string {
  return createLine.replace(/^CREATE (FOREIGN )?TABLE /, '').replace(/ \($/, '').replace(/ PARTITION OF .*$/, '');
}
