/** Properties every answer must have, whatever the input. */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../../server/src/engine';

/** Every range lies inside the document (LSP lines and UTF-16 characters). */
export function assertDiagnosticsInside(diagnostics: Diagnostic[], text: string, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      const ok = p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
      assert.ok(ok, `${what}: diagnostic ${String(d.code)} at ${JSON.stringify(d.range)} lies outside the document`);
    }
    assert.ok(d.message.length > 0, `${what}: diagnostic ${String(d.code)} has a message`);
  }
}

/** Every finding's offsets lie inside the text, start before end. */
export function assertFindingsInside(findings: Finding[], text: string, what: string): void {
  for (const f of findings) {
    assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, `${what}: ${f.ruleId} at [${f.start}, ${f.end}) outside [0, ${text.length}]`);
    assert.ok(f.message.length > 0, `${what}: ${f.ruleId} has a message`);
  }
}
