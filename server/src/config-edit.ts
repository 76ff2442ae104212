/**
 * The one place that writes `.migration-lens.json`, and only for an explicit command (the editor's
 * "Use <folder> as migrations"): it adds a folder to `sets` and leaves every other byte of an
 * existing file as it was (comments, order, formatting). A file it cannot parse is never touched.
 */
import { applyEdits, modify, parse as parseJsonc, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { CONFIG_FILE_NAME, escapesWorkspace, normalizeFolder } from './config';

export type ConfigEdit =
  /** `text`: the new content; unchanged when the folder is already in a set. */
  | { ok: true; text: string; changed: boolean }
  | { ok: false; message: string };

/**
 * Adds `{ "folders": ["<folder>"] }` to `sets` of the configuration text (`undefined`: no file
 * yet, a new one is made). Adding to `sets`, not to `migrations`: `migrations` replaces the
 * default globs, so a glob written there would drop every other convention's folders.
 */
export function addFolderSet(text: string | undefined, folder: string): ConfigEdit {
  const rel = normalizeFolder(folder);
  if (escapesWorkspace(folder) || /[*?[\]{}]/.test(folder)) return { ok: false, message: `"${folder}" is not a folder inside the workspace` };
  const entry = { folders: [rel] };
  if (text === undefined || !text.trim()) return { ok: true, text: `${JSON.stringify({ sets: [entry] }, null, 2)}\n`, changed: true };
  const errors: ParseError[] = [];
  let raw: unknown;
  try {
    raw = parseJsonc(text, errors, { allowTrailingComma: true });
  } catch {
    return { ok: false, message: `${CONFIG_FILE_NAME} is nested too deeply to read: it was left unchanged.` };
  }
  if (errors.length) {
    const line = text.slice(0, errors[0].offset).split('\n').length;
    return { ok: false, message: `${CONFIG_FILE_NAME} is not valid JSON (line ${line}: ${printParseErrorCode(errors[0].error)}): it was left unchanged. Fix it, or add { "folders": ["${rel}"] } to "sets" by hand.` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, message: `${CONFIG_FILE_NAME} is not a JSON object: it was left unchanged.` };
  const sets = (raw as Record<string, unknown>).sets;
  if (sets !== undefined && !Array.isArray(sets)) return { ok: false, message: `"sets" in ${CONFIG_FILE_NAME} is not an array: it was left unchanged.` };
  const listed = (sets ?? []).some((s) => s && typeof s === 'object' && Array.isArray((s as { folders?: unknown }).folders) && ((s as { folders: unknown[] }).folders).some((f) => typeof f === 'string' && normalizeFolder(f) === rel));
  if (listed) return { ok: true, text, changed: false };
  if (sets !== undefined) {
    // Appended on one line: formatting the insertion would reformat the array's other entries too.
    const edits = modify(text, ['sets', sets.length], entry, { isArrayInsertion: true });
    return { ok: true, text: applyEdits(text, edits), changed: true };
  }
  return { ok: true, text: withSetsProperty(text, rel), changed: true };
}

/**
 * Adds `"sets": [{ "folders": [...] }]` after the object's last property, on a line of its own
 * indented like the others; a comment at the end of that property's line stays where it is.
 */
function withSetsProperty(text: string, folder: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const root = parseTree(text, [], { allowTrailingComma: true })!;
  const property = `"sets": [{ "folders": [${JSON.stringify(folder)}] }]`;
  const last = root.children?.at(-1);
  if (!last) {
    const open = root.offset + 1;
    return `${text.slice(0, open)}${eol}  ${property}${eol}${text.slice(open, root.offset + root.length - 1).trim()}${text.slice(root.offset + root.length - 1)}`;
  }
  const end = last.offset + last.length;
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const rest = text.slice(end);
  const comma = /^\s*,/.exec(rest);
  const afterComma = end + (comma ? comma[0].length : 0);
  // The rest of the last property's line: blanks and perhaps a `//` comment.
  const tail = /^[ \t]*(\/\/[^\r\n]*)?(?=\r?\n)/.exec(text.slice(afterComma));
  if (tail && lineStart > root.offset) {
    const at = afterComma + tail[0].length;
    return `${text.slice(0, end)}${comma ? '' : ','}${text.slice(end, at)}${eol}${indent}${property}${text.slice(at)}`;
  }
  // Everything on one line (`{ "a": 1 }`): the property goes after the last one, on that line.
  return `${text.slice(0, afterComma)}${comma ? '' : ','} ${property}${text.slice(afterComma)}`;
}
