/**
 * The DDL of one schema object, for tooltips and "Copy DDL": the object alone in a model of its
 * own, rendered by the same schemaToSql as the diff view and `schema --format sql`.
 */
import { quoteIdent, type ColumnInfo, type ExtensionInfo, type SchemaInfo, type SchemaModel, type TableInfo } from '../../../shared/protocol';

type Render = (model: SchemaModel) => string;

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
