/**
 * Lock-trace hints do not blink: while an edited document's new trace runs, the last trace's
 * hints stay on the statements whose text is unchanged (moved with them), and go only for the
 * statements that changed.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveConfig } from '../../../server/src/config';
import { LockTraces, traceInlayHints, type TraceTarget } from '../../../server/src/lsp/trace';
import type { PreviewSession } from '../../../server/src/preview/host';
import type { StatementTrace } from '../../../server/src/preview/prove/types';

const TEXT = 'ALTER TABLE a ADD COLUMN x int;\nUPDATE b SET y = 1 WHERE id = 1;\n';

describe('lock-trace hints between two traces', () => {
  it('keeps the last trace’s hints, moved with their statements, until the new one arrives', async () => {
    const traces: StatementTrace[] = [
      { start: 0, end: 30, line: 1, locks: [{ relation: 'a', kind: 'table', mode: 'ACCESS EXCLUSIVE' }], rewrites: [], rebuiltIndexes: [] },
      { start: 32, end: 63, line: 2, locks: [{ relation: 'b', kind: 'table', mode: 'ROW EXCLUSIVE' }], rewrites: [], rebuiltIndexes: [] },
    ];
    const session = { prove: async () => ({ kind: 'trace', ok: true, findings: [], traces, ms: 1 }) } as unknown as PreviewSession;
    const traced: string[] = [];
    const lt = new LockTraces((uri) => traced.push(uri), () => undefined, () => session);
    const target = async (): Promise<TraceTarget> => ({ input: { files: [{ path: '/m.sql', text: TEXT }], transaction: 'per-file', timeoutMs: 1000 }, path: '/m.sql', root: '/', version: 1, config: resolveConfig() });
    lt.schedule('file:///m.sql', target);
    while (!traced.length) await new Promise((r) => setTimeout(r, 20));
    assert.ok(lt.get('file:///m.sql', 1));

    // Version 2: a line typed above both statements, the second one edited.
    const edited = '-- note\n' + TEXT.replace('y = 1', 'y = 2');
    assert.equal(lt.get('file:///m.sql', 2), undefined, 'no exact trace yet');
    const stale = lt.stale('file:///m.sql', edited)!;
    const doc = TextDocument.create('file:///m.sql', 'sql', 2, edited);
    const hints = traceInlayHints(doc, stale).map((h) => [h.position.line, h.label]);
    assert.deepEqual(hints, [[1, '🔒 ACCESS EXCLUSIVE a']], 'the unchanged statement keeps its hint, on its new line; the edited one waits');
  });
});
