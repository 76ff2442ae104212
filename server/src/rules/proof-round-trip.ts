import { defineRule } from './types';

/** Found by the round-trip proof (preview/prove/round-trip.ts): this file holds the id, severity and docs. */
export default defineRule({
  id: 'proof-round-trip',
  category: 'safety',
  defaultSeverity: 'error',
  runTime: 'proof',
  docs: {
    summary: 'The down file fails, or does not restore the schema its up file found (or, with sqitch, the verify script fails after its change).',
    why: 'For each up file with a down twin: the schema is read, up and down are applied, the schema is read again and compared object by object; then up is applied again. A sqitch change\'s verify script runs right after its deploy script, as `sqitch deploy --verify` runs it, and must succeed. A rollback that fails or leaves objects behind fails on the day it is needed. Run by the editor\'s round-trip command and by `migration-lens check --round-trip`.',
    instead: 'Make the down file undo exactly what its up file does, in reverse order.',
    bad: '-- 002_orders.down.sql, the rollback of:\n--   CREATE TABLE orders (id bigint); CREATE INDEX orders_id_idx ON orders (id);\nDROP INDEX orders_id_idx;',
    good: '-- 002_orders.down.sql\nDROP INDEX orders_id_idx;\nDROP TABLE orders;',
  },
});
