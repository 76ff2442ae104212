/**
 * Which workspace folder a document belongs to, and the configuration in force there:
 * defaults ← editor settings ← `.migration-lens.json` at the folder root (config.ts).
 * Resolved configurations are cached per folder until settings or the file change.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAME, loadWorkspaceConfig, resolveConfig, type ResolvedConfig } from '../config';
import { readSettings, type EditorSettings } from './settings';

export interface FolderConfig {
  settings: EditorSettings;
  config: ResolvedConfig;
  /** Problems found in the configuration file, and in the settings. */
  fileProblems: string[];
  /** Nothing of the configuration file could be used: the defaults apply (see loadWorkspaceConfig). */
  fileBroken: boolean;
  settingsProblems: string[];
  /** Whether a workspace-relative path is a migration (migration globs, minus exclusions). */
  isMigration(relPath: string): boolean;
  /** The configuration file's size and modification time when it was read ('' when absent). */
  fileStamp: string;
}

export interface DocumentScope {
  /** URI of the workspace folder holding the document; undefined outside every folder. */
  folderUri?: string;
  /** Path relative to the folder with `/` separators (the absolute path outside every folder). */
  relPath: string;
}

/** Reads the `migrationLens` settings section for a folder (or globally when scopeUri is undefined). */
type SettingsSource = (scopeUri: string | undefined) => Promise<unknown>;

export class Workspace {
  private folders: { uri: string; fsPath: string }[] = [];
  private readonly cache = new Map<string, Promise<FolderConfig>>();

  constructor(private readonly settingsOf: SettingsSource) {}

  setFolders(uris: string[]): void {
    this.folders = uris.flatMap((uri) => {
      const fsPath = fsPathOf(uri);
      return fsPath ? [{ uri, fsPath }] : [];
    });
    this.invalidate();
  }

  folderUris(): string[] {
    return this.folders.map((f) => f.uri);
  }

  /** Where a document lives; undefined for documents that are not files (untitled, git:…). */
  scopeOf(uri: string): DocumentScope | undefined {
    const fsPath = fsPathOf(uri);
    if (!fsPath) return undefined;
    // The innermost folder wins when folders nest.
    let best: { uri: string; rel: string } | undefined;
    for (const f of this.folders) {
      const rel = path.relative(f.fsPath, fsPath);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || rel.length < best.rel.length) best = { uri: f.uri, rel };
    }
    if (best) return { folderUri: best.uri, relPath: toSlashes(best.rel) };
    return { relPath: toSlashes(fsPath).replace(/^([A-Za-z]:)?\/+/, '') };
  }

  configFor(folderUri: string | undefined): Promise<FolderConfig> {
    const key = folderUri ?? '';
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.load(folderUri);
      this.cache.set(key, pending);
      // A failed load is not cached: the next lint tries again.
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }

  /** Forgets cached configuration (all folders when no folder is given). */
  invalidate(folderUri?: string): void {
    if (folderUri === undefined) this.cache.clear();
    else this.cache.delete(folderUri);
  }

  /**
   * Whether the folder's `.migration-lens.json` changed on disk since its configuration was
   * cached (a run that follows an edit of the file at once must not wait for the watcher).
   */
  async fileChanged(folderUri: string): Promise<boolean> {
    const cached = this.cache.get(folderUri);
    const folder = this.folders.find((f) => f.uri === folderUri);
    if (!cached || !folder) return false;
    const fc = await cached.catch(() => undefined);
    return !!fc && fc.fileStamp !== stampOf(path.join(folder.fsPath, CONFIG_FILE_NAME));
  }

  /** The folder whose `.migration-lens.json` this URI is, if it is one. */
  folderOfConfigFile(uri: string): string | undefined {
    const fsPath = fsPathOf(uri);
    if (!fsPath || path.basename(fsPath) !== CONFIG_FILE_NAME) return undefined;
    return this.folders.find((f) => path.join(f.fsPath, CONFIG_FILE_NAME) === fsPath)?.uri;
  }

  private async load(folderUri: string | undefined): Promise<FolderConfig> {
    const settings = readSettings(await this.settingsOf(folderUri));
    const folder = this.folders.find((f) => f.uri === folderUri);
    const configPath = folder && path.join(folder.fsPath, CONFIG_FILE_NAME);
    const fileStamp = configPath ? stampOf(configPath) : '';
    const file = folder ? loadWorkspaceConfig(folder.fsPath, { settings: settings.config }) : { config: resolveConfig(settings.config), problems: [], broken: false };
    const config = file.config;
    const included = picomatch(config.migrations, { dot: true });
    const excluded = picomatch(config.exclude, { dot: true });
    return {
      settings,
      config,
      fileProblems: file.problems,
      fileBroken: file.broken,
      settingsProblems: settings.problems,
      isMigration: (rel) => included(rel) && !excluded(rel),
      fileStamp,
    };
  }
}

/** The file-system path of a `file:` URI; undefined for other schemes. */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function stampOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '';
  }
}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}
