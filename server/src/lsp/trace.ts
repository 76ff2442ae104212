/**
 * The lock trace of the migration being edited, in the language server: after a pause in typing,
 * the document's statements run in a preview worker on top of the set's earlier files (see
 * preview/prove/trace.ts); the result feeds inlay hints, hover and `proof-lock` diagnostics for
 * that exact document version. It runs on the set's preview session (lsp/preview.ts: one worker
 * and PGlite per set, shared with the schema preview): its PGlite keeps the earlier files
 * applied, so a trace while typing costs only the file's own statements.
 */
import { InlayHintKind, MarkupKind, type InlayHint, type MarkupContent, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedConfig } from '../config-model';
import type { Finding } from '../engine';
import { statementRangeAt } from '../parse/statements';
import type { ParsedFile } from '../parse/parser';
import type { PreviewSession } from '../preview/host';
import { asFinding, configured } from '../preview/prove/suppress';
import { HINT_PREFIX, lockBlocks, reportedBy, traceFindings, traceHintLabel } from '../preview/prove/trace';
import type { StatementTrace } from '../preview/prove/types';
import type { PreviewInput } from '../preview/types';
import { SuppressionIndex } from '../rules/suppressions';
import { Debouncer } from './scheduler';

/** Short: the trace of an ordinary file takes tens of milliseconds once the earlier files are applied. */
const TRACE_DEBOUNCE_MS = 150;

export interface TraceTarget {
  /** The set's files in apply order, the document's current text among them. */
  input: PreviewInput;
  /** The document's file path (as in `input.files`). */
  path: string;
  /** The set's root: which session traces it. */
  root: string;
  version: number;
  /** The folder's configuration: `rules["proof-lock"]` sets the findings' severity, or turns them off. */
  config: ResolvedConfig;
}

interface Traced {
  version: number;
  /** The document's text that was traced (to keep the hints of an older version in place: `stale`). */
  text?: string;
  config: ResolvedConfig;
  traces: StatementTrace[];
  /** The preview could not trace (an earlier file fails, the time limit): said once in the hover. */
  problem?: string;
}

interface Run {
  next?: () => Promise<TraceTarget | undefined>;
  closed?: boolean;
}

export class LockTraces {
  private readonly results = new Map<string, Traced>();
  private readonly debouncer = new Debouncer();
  private readonly pending = new Set<string>();
  /** Documents with a trace running: the newest request that arrived meanwhile (run after it), and whether the document was closed. */
  private readonly running = new Map<string, Run>();

  constructor(
    /** A trace for `uri` arrived: refresh its inlay hints and diagnostics. */
    private readonly onTraced: (uri: string) => void,
    private readonly log: (message: string) => void,
    /** The set's session (shared with its preview). */
    private readonly sessionFor: (root: string) => PreviewSession,
  ) {}

  /** Traces the document after a pause; `target` is asked then (undefined: not traced, results dropped). */
  schedule(uri: string, target: () => Promise<TraceTarget | undefined>): void {
    this.pending.add(uri);
    this.debouncer.schedule(uri, TRACE_DEBOUNCE_MS, () => this.start(uri, target));
  }

  /**
   * One trace per document at a time: requests made while it runs (the user kept typing) are
   * traced once after it, at the newest version, instead of queueing one trace per pause.
   */
  private start(uri: string, target: () => Promise<TraceTarget | undefined>): void {
    const run = this.running.get(uri);
    if (run) {
      run.next = target;
      return;
    }
    const state: Run = {};
    this.running.set(uri, state);
    void this.trace(uri, target, state)
      .catch((e) => this.log(`Migration Lens: lock trace failed: ${(e as Error)?.stack ?? e}`))
      .finally(() => {
        this.running.delete(uri);
        if (state.next) this.start(uri, state.next);
        else this.pending.delete(uri);
      });
  }

  /**
   * The set changed under an open document: its trace is dropped and redone only when the editor
   * shows it again (asks for its hints, see `ensure`). Tracing every open document at once would
   * make the one worker boot each of their sets in turn before the one being edited.
   */
  invalidate(uri: string): void {
    this.results.delete(uri);
  }

  /** The editor shows this version of the document: trace it unless its trace exists or is on its way. */
  ensure(uri: string, version: number, target: () => Promise<TraceTarget | undefined>): void {
    if (!this.get(uri, version) && !this.pending.has(uri)) this.schedule(uri, target);
  }

  /**
   * While a newer version is being traced: the last trace, each statement moved to where its text
   * now is (dropped when its text changed), so that hints do not blink off and on at every edit
   * or autosave. Only for hints: diagnostics and the hover wait for the exact version.
   */
  stale(uri: string, text: string): Traced | undefined {
    const r = this.results.get(uri);
    if (!r || r.text === undefined) return undefined;
    if (r.text === text) return r;
    const traces: StatementTrace[] = [];
    let from = 0;
    for (const t of r.traces) {
      const old = r.text.slice(t.start, t.end);
      const at = old ? text.indexOf(old, from) : -1;
      if (at < 0) continue;
      traces.push({ ...t, start: at, end: at + old.length });
      from = at + old.length;
    }
    return { ...r, traces };
  }

  /** The trace of exactly this version of the document, if there is one. */
  get(uri: string, version: number): Traced | undefined {
    const r = this.results.get(uri);
    return r && r.version === version ? r : undefined;
  }

  /** The document was closed: everything about it goes, and a trace still running is dropped when it ends. */
  forget(uri: string): void {
    this.debouncer.cancel(uri);
    this.pending.delete(uri);
    this.results.delete(uri);
    const run = this.running.get(uri);
    if (run) Object.assign(run, { next: undefined, closed: true });
  }

  private async trace(uri: string, target: () => Promise<TraceTarget | undefined>, run: Run): Promise<void> {
    const t = await target();
    if (!t) {
      if (this.results.delete(uri)) this.onTraced(uri);
      return;
    }
    const result = await this.sessionFor(t.root).prove(t.input, { kind: 'trace', path: t.path });
    const problem = result.ok ? undefined : result.error ? `${result.error.message} (${result.error.path.split(/[\\/]/).pop()}:${result.error.line})` : 'the preview failed';
    // A limit that cut the trace also held up whatever waited on the set's session: said in the log.
    if (result.error?.timedOut || result.error?.outOfMemory) this.log(`[trace] ${t.path}: ${problem}`);
    if (run.closed) return;
    const text = t.input.files.find((f) => f.path === t.path)?.text;
    this.results.set(uri, { version: t.version, text, config: t.config, traces: result.traces ?? [], problem });
    this.onTraced(uri);
  }
}

/** `proof-lock` findings of a traced document, minus what static safety findings or suppressions cover. */
export function traceDiagnosticsFindings(path: string, file: ParsedFile, traced: Traced, statics: Finding[]): Finding[] {
  const suppressions = new SuppressionIndex(file);
  const found = traceFindings(path, file, traced.traces, reportedBy(statics.filter((f) => f.category === 'safety')));
  return configured(found, traced.config)
    .filter((f) => !suppressions.silencesAt(f.ruleId, f.start))
    .map((f) => ({ ...asFinding(f), statement: statementRangeAt(file, f.start) }));
}

/** One hint at the end of each traced statement's first line: `ACCESS EXCLUSIVE users · rewrite`. */
export function traceInlayHints(doc: TextDocument, traced: Traced): InlayHint[] {
  const text = doc.getText();
  if (traced.problem) {
    // Said once, at the end of the first line: why this file has no trace.
    const eol = text.indexOf('\n');
    return [{ position: doc.positionAt(eol < 0 ? text.length : eol), label: '🔒 lock trace unavailable', paddingLeft: true, tooltip: traced.problem }];
  }
  return traced.traces
    .filter((t) => t.locks.length || t.rewrites.length || t.rebuiltIndexes.length || t.note)
    .map((t) => {
      const eol = text.indexOf('\n', t.start);
      const at = Math.min(eol < 0 ? text.length : eol, t.end + 1);
      const end = at > 0 && text[at - 1] === '\r' ? at - 1 : at;
      return { position: doc.positionAt(end), label: `${HINT_PREFIX}${traceHintLabel(t)}`, kind: InlayHintKind.Parameter, paddingLeft: true, tooltip: traceMarkdown(t) };
    });
}

/** Hover text for the traced statement under `position`, or undefined. */
export function traceHover(doc: TextDocument, traced: Traced, position: Position): string | undefined {
  const offset = doc.offsetAt(position);
  const t = traced.traces.find((x) => x.start <= offset && offset <= x.end);
  return t && traceMarkdown(t).value;
}

function traceMarkdown(t: StatementTrace): MarkupContent {
  const lines = ['**Observed in PostgreSQL** (PGlite: this statement on top of the earlier migrations, rolled back)', ''];
  if (t.note) lines.push(t.note);
  for (const l of t.locks) lines.push(`- \`${l.mode}\` on ${l.kind} \`${l.relation}\`: ${lockBlocks(l.mode)}`);
  if (t.rewrites.length) lines.push(`- Rewrites ${t.rewrites.map((r) => `\`${r}\``).join(', ')}: every row is copied while the lock is held.`);
  if (t.rebuiltIndexes.length) lines.push(`- Rebuilds ${t.rebuiltIndexes.map((r) => `\`${r}\``).join(', ')}.`);
  if (t.withEarlier) {
    lines.push('', "It needs the file's earlier statements, so it was traced after them; the locks above are its own.");
    if (t.held?.length) {
      lines.push('', "Still held from the file's earlier statements while it runs (the transaction keeps them until it ends):");
      for (const l of t.held) lines.push(`- \`${l.mode}\` on ${l.kind} \`${l.relation}\` (held): ${lockBlocks(l.mode)}`);
    }
  }
  if (!t.note && !t.locks.length && !t.rewrites.length) lines.push('No locks on objects that existed before this file.');
  return { kind: MarkupKind.Markdown, value: lines.join('\n') };
}
