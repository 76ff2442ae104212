/**
 * The Schema view: per set (when there are several) the schema its migrations produce, as of
 * the last good file: schemas → tables (columns, constraints, indexes, triggers, policies),
 * views, materialized views, functions, types, sequences; and extensions. Each object carries
 * its DDL (tooltip, "Copy DDL"), rendered by the server (SchemaDdl) and the migration line that created or last changed it ("Go to origin").
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConstraintInfo, Origin, SchemaDdl, SchemaInfo, SchemaModel, TableInfo, TypeInfo } from '../../../shared/protocol';
import { labelOf, type PreviewController, type SetEntry } from './controller';

export interface SchemaNode {
  label: string;
  description?: string;
  /** A codicon id. */
  icon: string;
  /** Shown in the tooltip and copied by "Copy DDL". */
  ddl?: string;
  origin?: Origin;
  /** Extra tooltip text (a set's apply error). */
  note?: string;
  children?: () => SchemaNode[];
}

export class SchemaTreeProvider implements vscode.TreeDataProvider<SchemaNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly controller: PreviewController) {
    this.subscription = controller.onDidChange(() => this.changed.fire());
  }

  async getChildren(node?: SchemaNode): Promise<SchemaNode[]> {
    if (node) return node.children?.() ?? [];
    const shown = (await this.controller.sets()).filter((e) => e.result);
    if (shown.length === 1) return modelNodes(shown[0].result!.schema, shown[0].ddl);
    return shown.map(setNode);
  }

  getTreeItem(node: SchemaNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    const tooltip = new vscode.MarkdownString();
    if (node.note) tooltip.appendText(node.note + '\n\n');
    if (node.ddl) tooltip.appendCodeblock(node.ddl, 'sql');
    if (node.origin) tooltip.appendMarkdown(`\n\nFrom \`${node.origin.migration ?? path.basename(node.origin.path)}\`, line ${node.origin.line}`);
    item.tooltip = tooltip.value ? tooltip : undefined;
    // "Go to origin" and "Copy DDL" are offered where they can work (see package.json menus).
    item.contextValue = ['schemaObject', node.origin ? 'origin' : '', node.ddl ? 'ddl' : ''].filter(Boolean).join(' ');
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function setNode(entry: SetEntry): SchemaNode {
  const error = entry.result!.error;
  return {
    label: labelOf(entry),
    description: error ? `as of the last good file (failed at ${path.basename(error.path)}:${error.line})` : entry.set.convention,
    icon: error ? 'warning' : 'database',
    note: error?.message,
    children: () => modelNodes(entry.result!.schema, entry.ddl),
  };
}

type SchemaInfoDdl = SchemaDdl['schemas'][number];
type TableDdl = SchemaInfoDdl['tables'][number];

/** The DDL the server sent for `item`, the `index`-th of its list ('' or absent: none). */
const at = (list: string[] | undefined, index: number): string | undefined => list?.[index] || undefined;

function modelNodes(model: SchemaModel, ddl: SchemaDdl | undefined): SchemaNode[] {
  const nodes = byName(model.schemas).map((s) => schemaNode(s, ddl?.schemas[model.schemas.indexOf(s)]));
  if (model.extensions.length) {
    nodes.push(group('Extensions', 'extensions', byName(model.extensions).map((e) => ({ label: e.name, description: `${e.version} · schema ${e.schema}`, icon: 'extensions', ddl: at(ddl?.extensions, model.extensions.indexOf(e)), origin: e.origin }))));
  }
  return nodes;
}

function schemaNode(s: SchemaInfo, ddl: SchemaInfoDdl | undefined): SchemaNode {
  const groups: SchemaNode[] = [];
  const add = (label: string, icon: string, items: SchemaNode[]) => items.length && groups.push(group(label, icon, items));
  add('Tables', 'table', byName(s.tables).map((t) => tableNode(t, ddl?.tables[s.tables.indexOf(t)])));
  add('Views', 'eye', byName(s.views.filter((v) => !v.materialized)).map((v) => viewNode(v, at(ddl?.views, s.views.indexOf(v)))));
  add('Materialized Views', 'layers', byName(s.views.filter((v) => v.materialized)).map((v) => viewNode(v, at(ddl?.views, s.views.indexOf(v)))));
  add('Functions', 'symbol-method', byName(s.functions).map((f) => ({
    label: `${f.name}(${f.arguments})`,
    description: [f.kind !== 'function' ? f.kind : '', f.returns ? `→ ${f.returns}` : '', f.language].filter(Boolean).join(' '),
    icon: 'symbol-method',
    ddl: at(ddl?.functions, s.functions.indexOf(f)),
    origin: f.origin,
  })));
  add('Types', 'symbol-enum', byName(s.types).map((t) => ({ label: t.name, description: typeDescription(t), icon: t.kind === 'enum' ? 'symbol-enum' : 'symbol-structure', ddl: at(ddl?.types, s.types.indexOf(t)), origin: t.origin })));
  add('Sequences', 'symbol-number', byName(s.sequences).map((q) => ({
    label: q.name,
    description: [q.type, q.ownedBy ? `owned by ${q.ownedBy}` : '', q.identity ? 'identity' : ''].filter(Boolean).join(' · '),
    icon: 'symbol-number',
    ddl: at(ddl?.sequences, s.sequences.indexOf(q)),
    origin: q.origin,
  })));
  return { label: s.name, description: 'schema', icon: 'symbol-namespace', origin: s.origin, ddl: ddl?.ddl || undefined, children: () => groups };
}

function tableNode(t: TableInfo, ddl: TableDdl | undefined): SchemaNode {
  const flags = [t.kind !== 'table' ? t.kind : '', t.rowLevelSecurity ? 'RLS' : '', t.partitionOf ? `partition of ${t.partitionOf.parent}` : '', t.baseline ? 'baseline' : ''];
  const primary = new Set(t.constraints.filter((c) => c.type === 'primary key').flatMap((c) => keyColumns(c)));
  const children = (): SchemaNode[] => [
    ...t.columns.map((c) => ({
      label: c.name,
      description: [c.type, c.identity ? `identity ${c.identity}` : '', c.generated ? `generated (${c.generated.expression})` : '', c.notNull ? 'NOT NULL' : '', c.default !== undefined ? `DEFAULT ${c.default}` : ''].filter(Boolean).join(' '),
      icon: primary.has(c.name) ? 'key' : 'symbol-field',
      ddl: at(ddl?.columns, t.columns.indexOf(c)),
      origin: c.origin,
    })),
    ...byName(t.constraints).map((c) => ({ label: c.name, description: `${c.type}${c.validated ? '' : ' · NOT VALID'}`, icon: CONSTRAINT_ICON[c.type], ddl: at(ddl?.constraints, t.constraints.indexOf(c)), origin: c.origin })),
    ...byName(t.indexes).map((i) => ({ label: i.name, description: ['index', i.unique ? 'unique' : '', i.valid ? '' : 'INVALID'].filter(Boolean).join(' · '), icon: 'list-ordered', ddl: `${i.definition};`, origin: i.origin })),
    ...byName(t.triggers).map((tr) => ({ label: tr.name, description: `trigger${tr.enabled ? '' : ' · disabled'}`, icon: 'zap', ddl: `${tr.definition};`, origin: tr.origin })),
    ...byName(t.policies).map((p) => ({ label: p.name, description: `policy ${p.command} to ${p.roles.join(', ')}`, icon: 'law', ddl: at(ddl?.policies, t.policies.indexOf(p)), origin: p.origin })),
  ];
  return { label: t.name, description: flags.filter(Boolean).join(' · ') || undefined, icon: 'table', ddl: ddl?.ddl || undefined, origin: t.origin, children };
}

function viewNode(v: SchemaInfo['views'][number], ddl: string | undefined): SchemaNode {
  return {
    label: v.name,
    description: v.materialized ? 'materialized view' : 'view',
    icon: v.materialized ? 'layers' : 'eye',
    ddl,
    origin: v.origin,
    children: () => [
      ...v.columns.map((c) => ({ label: c.name, description: c.type, icon: 'symbol-field' })),
      ...byName(v.indexes).map((i) => ({ label: i.name, description: 'index', icon: 'list-ordered', ddl: `${i.definition};`, origin: i.origin })),
    ],
  };
}

const CONSTRAINT_ICON: Record<ConstraintInfo['type'], string> = {
  'primary key': 'key',
  'foreign key': 'references',
  unique: 'symbol-constant',
  check: 'check',
  exclusion: 'circle-slash',
  trigger: 'zap',
};

/** Column names of `PRIMARY KEY (a, b)`. */
function keyColumns(c: ConstraintInfo): string[] {
  const m = /\(([^)]*)\)/.exec(c.definition);
  return m ? m[1].split(',').map((s) => s.trim().replace(/^"|"$/g, '')) : [];
}

function typeDescription(t: TypeInfo): string {
  switch (t.kind) {
    case 'enum':
      return `enum (${t.values.join(', ')})`;
    case 'domain':
      return `domain over ${t.baseType}${t.notNull ? ' NOT NULL' : ''}`;
    case 'composite':
      return `composite (${t.attributes.length} attributes)`;
    case 'range':
      return `range of ${t.subtype}`;
  }
}

function group(label: string, icon: string, items: SchemaNode[]): SchemaNode {
  return { label, description: String(items.length), icon, children: () => items };
}

function byName<T extends { name: string }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
