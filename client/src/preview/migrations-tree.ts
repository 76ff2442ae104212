/**
 * The Migrations view: each detected set, its files in the order its runner applies them, and
 * after a preview the status of each (✓ applied, ✗ failed, pending), with the file's finding
 * counts. Clicking a file opens it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SOURCES, type FileStatus, type MigrationFile, type MigrationStatus } from '../../../shared/protocol';
import { LIVE_ICONS, liveDescription, type LiveController } from '../live';
import { labelOf, type PreviewController, type SetEntry } from './controller';

/**
 * A file row counts every Migration Lens diagnostic, as the Problems panel and the explorer's
 * badge do: lint findings (the language server's), the apply error and the proofs' findings.
 */
const OUR_SOURCES = new Set<string>(Object.values(SOURCES));

export type MigrationNode = { kind: 'set'; entry: SetEntry } | { kind: 'file'; entry: SetEntry; file: MigrationFile; index: number };

const STATUS_ICON: Record<FileStatus, vscode.ThemeIcon> = {
  applied: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  pending: new vscode.ThemeIcon('circle-large-outline'),
};

export class MigrationsTreeProvider implements vscode.TreeDataProvider<MigrationNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly controller: PreviewController, private readonly live?: LiveController) {
    this.subscriptions = [
      controller.onDidChange(() => this.changed.fire()),
      // The database's status of each file (after Connect to Database…).
      ...(live ? [live.onDidChange(() => this.changed.fire())] : []),
      // Finding counts follow the diagnostics.
      vscode.languages.onDidChangeDiagnostics(() => this.changed.fire()),
    ];
  }

  async getChildren(node?: MigrationNode): Promise<MigrationNode[]> {
    if (!node) return (await this.controller.sets()).map((entry) => ({ kind: 'set', entry }));
    if (node.kind === 'file') return [];
    return node.entry.set.files.map((file, index) => ({ kind: 'file', entry: node.entry, file, index }));
  }

  getTreeItem(node: MigrationNode): vscode.TreeItem {
    return node.kind === 'set' ? setItem(node.entry) : fileItem(node.entry, node.file, node.index, this.live?.stateOf(node.file.path));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function setItem(entry: SetEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(labelOf(entry), vscode.TreeItemCollapsibleState.Expanded);
  const n = entry.set.files.length;
  const r = entry.result;
  const state = entry.failure ? 'preview failed' : r ? (r.ok ? `✓ ${Math.round(r.timings.totalMs)} ms` : '✗ failed') : '';
  item.description = [entry.set.convention, `${n} file${n === 1 ? '' : 's'}`, state].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('database');
  item.tooltip = [entry.set.root, entry.failure ?? r?.error?.message].filter(Boolean).join('\n\n');
  item.contextValue = 'migrationSet';
  return item;
}

function fileItem(entry: SetEntry, file: MigrationFile, index: number, db?: MigrationStatus): vscode.TreeItem {
  const uri = vscode.Uri.file(file.path);
  const base = path.basename(file.path);
  const item = new vscode.TreeItem(base.toLowerCase() === 'migration.sql' ? `${file.stem}/${base}` : base, vscode.TreeItemCollapsibleState.None);
  item.resourceUri = uri;
  const outcome = entry.result?.files.find((f) => f.path === file.path);
  item.iconPath = outcome ? STATUS_ICON[outcome.status] : new vscode.ThemeIcon('file');
  item.description = [findingCounts(uri), outcome?.status === 'pending' ? 'pending' : ''].filter(Boolean).join(' · ');
  const error = entry.result?.error;
  const place = `${file.relPath} (migration ${index + 1} of ${entry.set.files.length})`;
  item.tooltip = error && error.path === file.path ? `${place}\n\n✗ line ${error.line}: ${error.message}` : place;
  if (db) {
    // The database's word wins over the preview's: it is what production has.
    const [icon, color] = LIVE_ICONS[db.state];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = [liveDescription(db), findingCounts(uri)].filter(Boolean).join(' · ');
    item.tooltip = `${item.tooltip}\n\n${liveDescription(db)}${db.note ? `: ${db.note}` : ''}`;
  }
  item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
  item.contextValue = db?.state === 'pending' ? 'migrationFilePending' : 'migrationFile';
  return item;
}

function findingCounts(uri: vscode.Uri): string {
  const diags = vscode.languages.getDiagnostics(uri).filter((d) => OUR_SOURCES.has(d.source ?? ''));
  const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
  const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
  return [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
}
