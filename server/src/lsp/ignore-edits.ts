/**
 * The text of the "ignore" quick fixes: a `-- lens-ignore` line above a statement, or a
 * `-- lens-ignore-file` line at the top of the file, below a header comment block (the team's
 * mandatory header must stay first).
 */
import type { ParsedFile } from '../parse/parser';
import type { Edit } from '../rules/types';
import { isSuppressionComment } from '../rules/suppressions';

/** `-- lens-ignore <rule> -- reason` on its own line above the statement, at its indentation. */
export function ignoreStatementEdit(text: string, stmtStart: number, ruleId: string): Edit {
  const eol = eolOf(text);
  const lineStart = text.lastIndexOf('\n', stmtStart - 1) + 1;
  const before = text.slice(lineStart, stmtStart);
  const indent = /^[ \t]*/.exec(before)![0];
  const comment = `-- lens-ignore ${ruleId} -- reason`;
  if (before.trim() === '') return { start: lineStart, end: lineStart, newText: `${indent}${comment}${eol}` };
  // Another statement ends on this line: break the line so the comment precedes only this one.
  const cut = lineStart + before.trimEnd().length;
  return { start: cut, end: stmtStart, newText: `${eol}${indent}${comment}${eol}${indent}` };
}

/** `-- lens-ignore-file <rule>` after the leading header comments (at the very top when there are none). */
export function ignoreFileEdit(file: ParsedFile, ruleId: string): Edit {
  const { text } = file;
  const eol = eolOf(text);
  const line = `-- lens-ignore-file ${ruleId}`;
  let headerEnd: number | undefined;
  let pos = 0;
  for (const c of file.comments) {
    // The header is the run of comments before any code, up to a suppression comment (that one belongs to a statement).
    if (text.slice(pos, c.start).trim() !== '' || isSuppressionComment(c)) break;
    headerEnd = c.end;
    pos = c.end;
  }
  if (headerEnd === undefined) return { start: 0, end: 0, newText: `${line}${eol}` };
  const nl = text.indexOf('\n', headerEnd);
  if (nl < 0) return { start: text.length, end: text.length, newText: `${eol}${line}` };
  return { start: nl + 1, end: nl + 1, newText: `${line}${eol}` };
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
