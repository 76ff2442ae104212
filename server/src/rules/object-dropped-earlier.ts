import { creationBefore, judged, setView } from '../navigation/checks';
import { defineRule, type Report } from './types';

const KINDS = new Set(['table', 'view', 'materialized view', 'sequence', 'type', 'function', 'schema']);

export default defineRule({
  id: 'object-dropped-earlier',
  category: 'safety',
  defaultSeverity: 'error',
  docs: {
    summary: 'The object was dropped by an earlier statement and not created again: this statement fails.',
    why: 'An earlier migration (or an earlier statement of this one) drops the table, view, type, function or schema, and nothing creates it again before this statement uses or alters it. PostgreSQL refuses the statement (`relation … does not exist`) and the deployment stops. Today only a full preview run would tell. The check is quiet for `IF EXISTS`, for a dropped temporary table (it may have hidden a table of the same name), inside DO blocks and function bodies, and after any migration that runs dynamic SQL, rolls back or does not parse; and in a file the runner never applies (one missing from the Drizzle journal: `file-missing-from-journal` reports it).',
    instead: 'Create the object again first, drop it later, or remove the statement that uses it.',
    bad: 'CREATE TABLE audit_log (id bigint);\nDROP TABLE audit_log;\nALTER TABLE audit_log ADD COLUMN note text;',
    good: 'CREATE TABLE audit_log (id bigint);\nALTER TABLE audit_log ADD COLUMN note text;\nDROP TABLE audit_log;',
  },
  checkFile(ctx) {
    const view = setView(ctx);
    if (view.quiet) return [];
    const out: Report[] = [];
    for (const o of view.timeline.byFile[view.index]) {
      const object = o.object;
      const dropped = object.occurrences[0]?.afterDrop;
      if (!KINDS.has(object.kind) || o.event.event === 'create' || !judged(o) || !dropped || dropped.seq >= o.seq || creationBefore(object, o.seq)) continue;
      // A temporary table hides a table of the same name made elsewhere; dropping it shows that one again.
      if (creationBefore(dropped.object, dropped.seq)?.event.attrs?.temp) continue;
      out.push({
        start: o.event.start,
        end: o.event.end,
        message: `${o.event.target.name} was dropped in ${view.where(dropped)} and is not created again before this statement.`,
        related: [view.related(dropped, `${o.event.target.name} is dropped here`)],
      });
    }
    return out;
  },
});
