/**
 * The editor's side of candidate folders (layout/candidates.ts): the command that adds one to
 * `sets` in `.migration-lens.json`. It runs only when the user clicks the notification's button
 * (an explicit command); an existing file keeps every other byte, an unparsable one is refused.
 */
import { statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAME, escapesWorkspace } from '../config';
import { addFolderSet } from '../config-edit';
import { readRegularFile } from '../limits';
import type { UseCandidateFolderParams, UseCandidateFolderResult } from '../../../shared/protocol';
import { fsPathOf } from './workspace';

const MAX_CONFIG_BYTES = 1024 * 1024;

export function useCandidateFolder(params: UseCandidateFolderParams | undefined, folderUris: readonly string[]): UseCandidateFolderResult {
  const folderUri = params?.folderUri;
  const relDir = params?.relDir;
  const root = typeof folderUri === 'string' && folderUris.includes(folderUri) ? fsPathOf(folderUri) : undefined;
  if (!root) return { ok: false, message: 'That folder is not a workspace folder.' };
  if (typeof relDir !== 'string' || escapesWorkspace(relDir)) return { ok: false, message: `"${String(relDir)}" is not a folder inside the workspace.` };
  try {
    if (!statSync(path.join(root, relDir)).isDirectory()) return { ok: false, message: `${relDir} is not a folder.` };
  } catch {
    return { ok: false, message: `${relDir || '.'} does not exist any more.` };
  }
  const file = path.join(root, CONFIG_FILE_NAME);
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!read.ok && read.kind !== 'missing') return { ok: false, message: `${CONFIG_FILE_NAME} cannot be read (${read.reason}): it was left unchanged.` };
  const edit = addFolderSet(read.ok ? read.bytes.toString('utf8') : undefined, relDir);
  if (!edit.ok) return edit;
  if (edit.changed) {
    try {
      writeFileSync(file, edit.text);
    } catch (e) {
      return { ok: false, message: `${CONFIG_FILE_NAME} could not be written: ${(e as Error).message}` };
    }
  }
  return { ok: true, configUri: pathToFileURL(file).toString(), changed: edit.changed };
}
