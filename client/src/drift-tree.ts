/**
 * The Database Drift view: for each migration set of a connected folder, what the live database
 * has that the applied migrations do not make, what it lacks and what differs (the language
 * server computes it: the live schema against the preview's schema as of the last applied
 * migration). Each row opens the migration that makes the object at its line. Not connected: the
 * view's welcome text says so.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DriftItem, LiveStatus } from '../../shared/protocol';
import type { LiveController } from './live';

type LiveSet = LiveStatus['sets'][number];

type DriftNode =
  | { kind: 'set'; status: LiveStatus; set: LiveSet }
  | { kind: 'item'; status: LiveStatus; set: LiveSet; item: DriftItem }
  | { kind: 'message'; text: string; detail?: string; icon: string; color?: string };

const KIND: Record<DriftItem['kind'], { word: string; icon: string; color: string }> = {
  missing: { word: 'missing', icon: 'diff-removed', color: 'gitDecoration.deletedResourceForeground' },
  extra: { word: 'extra', icon: 'diff-added', color: 'gitDecoration.untrackedResourceForeground' },
  different: { word: 'different', icon: 'diff-modified', color: 'gitDecoration.modifiedResourceForeground' },
};

export class DriftTreeProvider implements vscode.TreeDataProvider<DriftNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly live: LiveController) {
    this.subscription = live.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: DriftNode): DriftNode[] {
    if (!node) {
      // Nothing connected: no rows, so the view shows its welcome text (how to connect).
      return this.live.all().flatMap((status): DriftNode[] => {
        if (status.error) return [{ kind: 'message', text: `${folderName(status)}: ${status.error}`, icon: 'error', color: 'errorForeground' }];
        return status.sets.filter((set) => set.drift).map((set) => ({ kind: 'set', status, set }));
      });
    }
    if (node.kind !== 'set') return [];
    const drift = node.set.drift!;
    if (drift.error) return [{ kind: 'message', text: `Drift unknown: ${drift.error}`, icon: 'warning', color: 'list.warningForeground' }];
    if (!drift.items.length) return [{ kind: 'message', text: `No drift: the database matches the migrations${drift.upTo ? ` up to ${drift.upTo}` : ''}`, icon: 'pass', color: 'testing.iconPassed' }];
    return drift.items.map((item) => ({ kind: 'item', status: node.status, set: node.set, item }));
  }

  getTreeItem(node: DriftNode): vscode.TreeItem {
    switch (node.kind) {
      case 'set':
        return setItem(node.status, node.set);
      case 'item':
        return driftItem(node.set, node.item);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
        item.tooltip = node.detail ?? node.text;
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function setItem(status: LiveStatus, set: LiveSet): vscode.TreeItem {
  const item = new vscode.TreeItem(set.relRoot || folderName(status), vscode.TreeItemCollapsibleState.Expanded);
  const drift = set.drift!;
  const n = drift.items.length;
  const state = drift.error ? 'drift unknown' : n ? `${n} difference${n === 1 ? '' : 's'}` : 'no drift';
  item.description = [set.convention, state, drift.upTo ? `up to ${upTo(set, drift.upTo)}` : 'no migration applied'].join(' · ');
  item.iconPath = new vscode.ThemeIcon('database');
  item.tooltip = `${status.database ?? ''}: the live schema against the schema the applied migrations make in the preview${drift.upTo ? ` (up to ${drift.upTo})` : ''}`;
  item.contextValue = 'driftSet';
  return item;
}

function driftItem(set: LiveSet, d: DriftItem): vscode.TreeItem {
  const kind = KIND[d.kind];
  const item = new vscode.TreeItem(d.object, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(kind.icon, new vscode.ThemeColor(kind.color));
  const where = d.migration ? `${inSet(set, d.migration.path)}:${d.migration.line}` : 'no migration makes it';
  item.description = `${kind.word} · ${where}`;
  const tip = new vscode.MarkdownString();
  tip.appendText(d.kind === 'missing' ? `${d.object}: missing from the database` : d.kind === 'extra' ? `${d.object}: in the database, but no applied migration makes it` : `${d.object}: differs from what the migrations make`);
  if (d.expected !== undefined) tip.appendMarkdown('\n\n**The migrations make:**').appendCodeblock(d.expected, 'sql');
  if (d.actual !== undefined) tip.appendMarkdown('\n\n**The database has:**').appendCodeblock(d.actual, 'sql');
  item.tooltip = tip;
  if (d.migration) {
    const line = Math.max(0, d.migration.line - 1);
    item.command = { command: 'vscode.open', title: 'Open the migration', arguments: [vscode.Uri.file(d.migration.path), { selection: new vscode.Range(line, 0, line, 0) }] };
  }
  item.contextValue = `drift.${d.kind}`;
  return item;
}

function folderName(status: LiveStatus): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(status.folderUri));
  return folder?.name ?? status.folderUri;
}

/** A migration's path within its set (`202401010000_init/migration.sql`, `0002_users.sql`). */
function inSet(set: LiveSet, file: string): string {
  const rel = path.relative(set.root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** `upTo` is relative to the workspace folder: shown within the set. */
function upTo(set: LiveSet, rel: string): string {
  return set.relRoot && rel.startsWith(`${set.relRoot}/`) ? rel.slice(set.relRoot.length + 1) : rel;
}
