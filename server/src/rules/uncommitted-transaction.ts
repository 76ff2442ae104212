import type { Statement } from '../parse/parser';
import { endWithSemicolon } from './fixes';
import { transactionVerb } from './transactions';
import { defineRule, type Edit, type RuleContext } from './types';

export default defineRule({
  id: 'uncommitted-transaction',
  category: 'safety',
  defaultSeverity: 'error',
  squawk: ['ban-uncommitted-transaction'],
  docs: {
    summary: 'BEGIN without COMMIT: the transaction is still open at the end of the file.',
    why: 'Run through psql, the session ends with the transaction open and PostgreSQL rolls it back: the migration silently does nothing. Through a runner on one connection, the open transaction swallows the statements that follow (the next file, the history-table insert) and holds every lock taken so far until something finally commits or the connection drops.',
    instead: 'Close every `BEGIN` with `COMMIT` (or leave transaction control to the runner and write neither).',
    bad: 'BEGIN;\nCREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY);',
    good: 'BEGIN;\nCREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY);\nCOMMIT;',
  },
  checkFile(ctx) {
    let openedBy: Statement | undefined;
    for (const stmt of ctx.file.statements) {
      const verb = transactionVerb(stmt);
      if (verb === 'begin') openedBy ??= stmt;
      else if (verb === 'end') openedBy = undefined;
    }
    if (!openedBy) return [];
    return [{ start: openedBy.start, end: openedBy.end, message: 'This transaction is never committed: add COMMIT at the end of the file.', fixes: [{ title: 'Add COMMIT at the end of the file', edits: appendCommit(ctx) }] }];
  },
});

function appendCommit(ctx: RuleContext): Edit[] {
  const text = ctx.file.text;
  const last = ctx.file.statements[ctx.file.statements.length - 1];
  // The last statement may lack its semicolon; COMMIT must not run into it.
  const semicolon = endWithSemicolon(ctx, last) === last.end ? ';' : '';
  const commit = `${text.endsWith('\n') && !semicolon ? '' : '\n'}COMMIT;\n`;
  if (semicolon && last.end === text.length) return [{ start: last.end, end: last.end, newText: semicolon + commit }];
  const edits: Edit[] = [{ start: text.length, end: text.length, newText: commit }];
  if (semicolon) edits.push({ start: last.end, end: last.end, newText: semicolon });
  return edits;
}
